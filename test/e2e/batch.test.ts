import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { DEFAULT_SCENARIO, DEMO_CREDENTIALS } from '../sims.js';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRS_JOBS } from '../../src/providers/huawei/sim/scenario.js';
import { DRS_PHASES } from '../../src/providers/huawei/states.js';
import { tokenCachePath } from '../../src/providers/huawei/iam.js';
import { issueToken } from '../../src/providers/huawei/sim/service.js';
import type { Scenario } from '../../src/sim/types.js';
import { assertValidOutput } from '../schema.js';
import { spawn } from 'node:child_process';
import { baseEnv, BIN, expectUsageError, isolatedDir, parseJson, runBin, startSim } from '../helpers.js';

const HW = DEMO_CREDENTIALS.huawei;
let sim: Awaited<ReturnType<typeof startSim>>;

beforeAll(async () => {
  sim = await startSim();
});
afterAll(() => sim.close());

const batchRequests = (s: { requests: typeof sim.requests }, since = 0) => s.requests.slice(since).filter((r) => r.path.endsWith('/jobs/batch-status'));
const iamRequests = (since: number) => sim.requests.slice(since).filter((r) => r.path === '/v3/auth/tokens');
/** The demo env with AK/SK taken away, plus what the test adds. */
const without = (extra: Record<string, string | undefined>) => ({ ...sim.env, HUAWEICLOUD_SDK_AK: undefined, HUAWEICLOUD_SDK_SK: undefined, ...extra });
const PASSWORD_ENV = { HUAWEICLOUD_SDK_USERNAME: HW.user, HUAWEICLOUD_SDK_PASSWORD: HW.password, HUAWEICLOUD_SDK_DOMAIN_NAME: HW.domain };

/** `n` valid job ids, UUID-shaped with the jb suffix. */
function jobIds(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `aaaaaaaa-0000-4000-8000-${String(i).padStart(8, '0')}jb21`);
}

describe('syncstat batch', () => {
  it('prints every job in the order given, phases from the DRS state table, exit 1 for the failed one', async () => {
    const ids = [DRS_JOBS.failed, DRS_JOBS.syncing, DRS_JOBS.pending, DRS_JOBS.running, DRS_JOBS.fullComplete, DRS_JOBS.paused, DRS_JOBS.ended, DRS_JOBS.childRunning, DRS_JOBS.fullOnlyDone, DRS_JOBS.childComplete, DRS_JOBS.deleted];
    const before = sim.requests.length;
    const res = await runBin(['batch', ...ids], { env: sim.env });
    expect(res.code).toBe(1);
    // exit 1 says why on stderr, whatever stdout carries
    expect(res.stderr).toBe('error: 5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6jb20r failed (INCRE_TRANSFER_FAILED: Source database connection failed: Access denied for user drs_sync)\n');
    const out = parseJson(res.stdout);
    assertValidOutput(out);
    expect(out.results.map((r) => r.id)).toEqual(ids);
    // FULL_TRANSFER_COMPLETE and CHILD_TRANSFER_COMPLETE lead on to incremental sync (running) unless the job is full-only;
    // RELEASE_RESOURCE_COMPLETE is an ended job (succeeded); DELETED is paused.
    expect(out.results.map((r) => r.phase)).toEqual(['failed', 'syncing', 'pending', 'running', 'running', 'paused', 'succeeded', 'running', 'succeeded', 'running', 'paused']);
    expect(out.results[8].details).toEqual({ jobType: 'FULL_TRANS' });
    expect(out.results[0]).toMatchObject({
      provider: 'huawei', kind: 'drs', status: 'INCRE_TRANSFER_FAILED', message: 'Source database connection failed: Access denied for user drs_sync', details: { errorCode: 'DRS.10000010' },
    });
    const sent = batchRequests(sim, before);
    expect(sent).toHaveLength(1);
    expect(JSON.parse(sent[0].body)).toEqual({ jobs: ids, page_req: { cur_page: 1, per_page: 0 } });
    expect(sent[0].headers['x-project-id']).toBe(HW.projectId);
    expect(String(sent[0].headers.authorization)).toContain('SignedHeaders=content-type;host;x-language;x-project-id;x-sdk-date,');
  });

  it('prints a table', async () => {
    const res = await runBin(['batch', DRS_JOBS.syncing, DRS_JOBS.failed, '-o', 'table'], { env: sim.env });
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(/^ID\s+PHASE\s+STATUS/);
    expect(res.stdout).toMatch(new RegExp(`${DRS_JOBS.syncing}\\s+syncing\\s+INCRE_TRANSFER_STARTED`));
    expect(res.stdout).toMatch(new RegExp(`${DRS_JOBS.failed}\\s+failed\\s+INCRE_TRANSFER_FAILED.*Access denied`));
  });

  it('sends 250 ids as three concurrent requests of 100, 100 and 50, each asking for every result', async () => {
    const ids = jobIds(250);
    const statuses = Object.keys(DRS_PHASES);
    const scenario: Scenario = { ...DEFAULT_SCENARIO, huawei: { jobs: Object.fromEntries(ids.map((id, i) => [id, { status: statuses[i % statuses.length] }])) } };
    const big = await startSim(scenario);
    try {
      const res = await runBin(['batch', ...ids], { env: big.env });
      expect(res.code).toBe(1); // some of the statuses are failures
      const out = parseJson(res.stdout);
      assertValidOutput(out);
      expect(out.errors).toEqual([]);
      expect(out.results.map((r) => r.id)).toEqual(ids);
      expect(out.results.map((r) => r.status)).toEqual(ids.map((_, i) => statuses[i % statuses.length]));
      const sent = batchRequests(big);
      expect(sent).toHaveLength(3);
      const bodies = sent.map((r) => JSON.parse(r.body));
      expect(bodies.map((b) => b.jobs.length).sort((a: number, b: number) => b - a)).toEqual([100, 100, 50]);
      for (const b of bodies) expect(b.page_req).toEqual({ cur_page: 1, per_page: 0 });
      expect(bodies.flatMap((b) => b.jobs).sort()).toEqual([...ids].sort());
    } finally {
      await big.close();
    }
  });

  it('reads ids from stdin with "-" and from --file, whitespace or newline separated', async () => {
    const fromStdin = await runBin(['batch', '-'], { env: sim.env, stdin: `${DRS_JOBS.syncing}\n  ${DRS_JOBS.pending}\t${DRS_JOBS.running}\n\n` });
    expect(fromStdin.code).toBe(0);
    expect(parseJson(fromStdin.stdout).results.map((r) => r.id)).toEqual([DRS_JOBS.syncing, DRS_JOBS.pending, DRS_JOBS.running]);

    const { dir } = isolatedDir();
    writeFileSync(join(dir, 'jobs.txt'), `# production jobs\n${DRS_JOBS.fullComplete}\n${DRS_JOBS.paused} # paused on Monday\n`);
    const mixed = await runBin(['batch', DRS_JOBS.syncing, '--file', 'jobs.txt', '-'], { env: sim.env, cwd: dir, stdin: DRS_JOBS.running });
    expect(mixed.code).toBe(0);
    expect(parseJson(mixed.stdout).results.map((r) => r.id)).toEqual([DRS_JOBS.syncing, DRS_JOBS.fullComplete, DRS_JOBS.paused, DRS_JOBS.running]);
  });

  it('reports an unknown job as an error entry for that id (exit 4), without hiding the others', async () => {
    const unknown = '00000000-0000-4000-8000-00000000jb00';
    const res = await runBin(['batch', DRS_JOBS.syncing, unknown], { env: sim.env });
    expect(res.code).toBe(4);
    const out = parseJson(res.stdout);
    assertValidOutput(out);
    expect(out.results.map((r) => r.id)).toEqual([DRS_JOBS.syncing]);
    expect(out.errors).toEqual([{ id: unknown, provider: 'huawei', code: 'DRS.M05003', message: 'The job does not exist.', requestId: expect.stringMatching(/\S/) }]);
    expect(res.stderr).toContain(`error: ${unknown}: The job does not exist. (requestId ${out.errors[0].requestId})`);
  });

  it('pairs results without ids by position when the counts match, and says so', async () => {
    const ids = [DRS_JOBS.syncing, DRS_JOBS.failed];
    const scenario: Scenario = { ...DEFAULT_SCENARIO, huawei: { jobs: { [ids[0]]: { status: 'INCRE_TRANSFER_STARTED', omitId: true }, [ids[1]]: { status: 'INCRE_TRANSFER_FAILED', omitId: true } } } };
    const anon = await startSim(scenario);
    try {
      const res = await runBin(['batch', ...ids], { env: anon.env });
      expect(res.code).toBe(1);
      const out = parseJson(res.stdout);
      expect(out.results.map((r) => [r.id, r.phase, r.details.pairedByPosition])).toEqual([[ids[0], 'syncing', true], [ids[1], 'failed', true]]);
      expect(res.stderr).toContain('paired 2 results with the ids sent by position');
    } finally {
      await anon.close();
    }
  });

  it('retries throttling (APIGW.0308) after Retry-After, then succeeds', async () => {
    const faulty = await startSim({ ...DEFAULT_SCENARIO, faults: [{ service: 'huawei', type: 'throttle', retryAfter: 1, times: 2 }] });
    try {
      const started = Date.now();
      const res = await runBin(['batch', DRS_JOBS.syncing, '--debug'], { env: faulty.env });
      expect(res.code).toBe(0);
      expect(faulty.requests.map((r) => r.status)).toEqual([429, 429, 200]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
      expect(res.stderr).toMatch(/retry \(throttled\) in 1s after: 127\.0\.0\.1:\d+ is throttling requests \(APIGW\.0308\)/);
    } finally {
      await faulty.close();
    }
  });

  it.each([
    [['batch'], /no job id given/],
    [['batch', '-'], /no job id given/],
    [['batch', ''], /malformed job id: ""/],
    [['batch', DRS_JOBS.syncing, DRS_JOBS.pending, DRS_JOBS.syncing], new RegExp(`duplicate job id: ${DRS_JOBS.syncing}`)],
    [['batch', DRS_JOBS.syncing, 'job id', 'a/../b'], /malformed job ids: "job id", "a\/\.\.\/b"/],
    [['batch', '?x=1'], /malformed job id: "\?x=1"/],
    [['batch', '--file', 'no-such-file.txt'], /^syncstat: error: no such file: no-such-file.txt\b/],
  ])('%j is a usage error (exit 2) naming the ids, before any request', async (args, message) => expectUsageError(sim, args as string[], message));

  it('shows the auth modes and exit codes in --help', async () => {
    const help = await runBin(['batch', '--help']);
    expect(help.code).toBe(0);
    for (const text of ['Examples:', 'Exit codes:', '--file', 'stdin', 'HUAWEICLOUD_DRS_ENDPOINT', 'HUAWEICLOUD_SDK_SK']) expect(help.stdout).toContain(text);
  });
});

describe('Huawei authentication', () => {
  it('names the env vars and config keys when credentials are missing (exit 3, no request)', async () => {
    const before = sim.requests.length;
    const res = await runBin(['batch', DRS_JOBS.syncing], { env: { HUAWEICLOUD_DRS_ENDPOINT: sim.urls.huawei, HUAWEICLOUD_SDK_REGION: 'cn-north-4' } });
    expect(res.code).toBe(3);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    for (const name of ['HUAWEICLOUD_SDK_AK', 'HUAWEICLOUD_SDK_SK', 'HUAWEICLOUD_TOKEN', 'HUAWEICLOUD_SDK_USERNAME', 'profiles.default.huawei']) expect(res.stderr).toContain(name);
    expect(sim.requests.length).toBe(before);
  });

  it('reads a profile from .statusrc with ${ENV} references; a --project-id flag beats the file', async () => {
    const { dir } = isolatedDir();
    const file = join(dir, '.statusrc.json');
    const section = { auth: 'aksk', ak: HW.ak, sk: '${HW_SK_FOR_TEST}', projectId: HW.projectId, region: HW.region, drsEndpoint: sim.urls.huawei };
    writeFileSync(file, JSON.stringify({ profiles: { cn: { huawei: section } } }), { mode: 0o600 });
    const viaFile = await runBin(['batch', DRS_JOBS.syncing, '--profile', 'cn'], { env: { HW_SK_FOR_TEST: HW.sk }, cwd: dir });
    expect(viaFile.code).toBe(0);
    expect(viaFile.stderr).toBe('');
    // A flag beats the file: the wrong project is refused by the gateway.
    const before = sim.requests.length;
    const flagged = await runBin(['batch', DRS_JOBS.syncing, '--profile', 'cn', '--project-id', 'ffffffffffffffffffffffffffffffff'], { env: { HW_SK_FOR_TEST: HW.sk }, cwd: dir });
    expect(flagged.code).toBe(3);
    expect(batchRequests(sim, before)[0].path).toBe('/v3/ffffffffffffffffffffffffffffffff/jobs/batch-status');
    expect(parseJson(flagged.stdout).errors[0].code).toBe('APIGW.0302');
  });

  it('works with nothing but the official SDK credentials file, ~/.huaweicloud/credentials', async () => {
    const { dir: home } = isolatedDir();
    mkdirSync(join(home, '.huaweicloud'));
    writeFileSync(join(home, '.huaweicloud', 'credentials'), `[basic]\nak = ${HW.ak}\nsk = ${HW.sk}\nproject_id = ${HW.projectId}\n`, { mode: 0o600 });
    const res = await runBin(['batch', DRS_JOBS.syncing, '--debug'], { env: { HOME: home, HUAWEICLOUD_DRS_ENDPOINT: sim.urls.huawei } });
    expect(res.code).toBe(0);
    expect(parseJson(res.stdout).results[0]).toMatchObject({ id: DRS_JOBS.syncing, phase: 'syncing' });
    expect(res.stderr).toMatch(/Huawei Cloud credentials from .*credentials \[basic\]/);
    expect(res.stdout + res.stderr).not.toContain(HW.sk);
  });

  it('does not retry a wrong secret, and stops sending once rejected (exit 3, one request)', async () => {
    const before = sim.requests.length;
    const res = await runBin(['batch', ...jobIds(150), '--concurrency', '1'], { env: { ...sim.env, HUAWEICLOUD_SDK_SK: 'wrong-secret-value-000' } });
    expect(res.code).toBe(3);
    expect(sim.requests.length - before).toBe(1);
    const out = parseJson(res.stdout);
    expect(out.errors).toHaveLength(150);
    expect(out.errors[0]).toMatchObject({ code: 'APIGW.0301', message: expect.stringContaining('verify aksk signature fail') });
    expect(res.stderr + res.stdout).not.toContain('wrong-secret-value-000');
  });

  it('uses a ready token from HUAWEICLOUD_TOKEN, and fails an expired one with APIGW.0307 (exit 3)', async () => {
    const token = await issueSimToken(sim.urls.huawei);
    const ok = await runBin(['batch', DRS_JOBS.syncing], { env: without({ HUAWEICLOUD_TOKEN: token }) });
    expect(ok.code).toBe(0);
    const before = sim.requests.length;
    const expired = await runBin(['batch', DRS_JOBS.syncing], { env: without({ HUAWEICLOUD_TOKEN: HW.expiredToken }) });
    expect(expired.code).toBe(3);
    expect(parseJson(expired.stdout).errors[0].code).toBe('APIGW.0307');
    expect(expired.stderr).toContain('the Huawei Cloud token from env HUAWEICLOUD_TOKEN has expired');
    expect(sim.requests.length - before).toBe(1); // a ready token cannot be renewed
  });

  it('exchanges the IAM password for a token, caches it (0600), and reuses it on the next run', async () => {
    const cache = join(isolatedDir().dir, 'cache');
    const env = without({ ...PASSWORD_ENV, XDG_CACHE_HOME: cache });
    let before = sim.requests.length;
    const first = await runBin(['batch', DRS_JOBS.syncing], { env });
    expect(first.code).toBe(0);
    expect(iamRequests(before)).toHaveLength(1);
    const iamBody = JSON.parse(iamRequests(before)[0].body);
    expect(iamBody.auth.identity.password.user).toEqual({ name: HW.user, password: HW.password, domain: { name: HW.domain } });
    const sent = batchRequests(sim, before);
    expect(sent).toHaveLength(1);
    expect(sent[0].headers['x-auth-token']).toMatch(/^MII/);

    const dir = join(cache, 'syncstat', 'huawei');
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(statSync(join(dir, files[0])).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readFileSync(join(dir, files[0]), 'utf8')).not.toContain(HW.password);

    before = sim.requests.length;
    const second = await runBin(['batch', DRS_JOBS.syncing, DRS_JOBS.pending], { env });
    expect(second.code).toBe(0);
    expect(iamRequests(before)).toHaveLength(0);
    expect(batchRequests(sim, before)[0].headers['x-auth-token']).toBe(sent[0].headers['x-auth-token']);
  });

  it('renews a cached token the gateway calls expired (APIGW.0307) once, then carries on', async () => {
    const cache = join(isolatedDir().dir, 'cache');
    const path = tokenCachePath(join(cache, 'syncstat'), { iamEndpoint: sim.urls.huawei, user: HW.user, password: HW.password, domain: HW.domain, projectId: HW.projectId, region: HW.region });
    mkdirSync(join(path, '..'), { recursive: true, mode: 0o700 });
    writeFileSync(path, JSON.stringify({ token: HW.expiredToken, expiresAt: Date.now() + 3600_000, projectId: HW.projectId }), { mode: 0o600 });
    const before = sim.requests.length;
    const res = await runBin(['batch', DRS_JOBS.syncing], { env: without({ ...PASSWORD_ENV, XDG_CACHE_HOME: cache }) });
    expect(res.code).toBe(0);
    expect(sim.requests.slice(before).map((r) => [r.path.endsWith('tokens') ? 'iam' : 'drs', r.status])).toEqual([['drs', 401], ['iam', 201], ['drs', 200]]);
    expect(existsSync(path) && JSON.parse(readFileSync(path, 'utf8')).token).not.toBe(HW.expiredToken);
  });

  it('reports a wrong password as IAM does (exit 3), one sign-in attempt', async () => {
    const before = sim.requests.length;
    const res = await runBin(['batch', DRS_JOBS.syncing, DRS_JOBS.pending], { env: without({ ...PASSWORD_ENV, HUAWEICLOUD_SDK_PASSWORD: 'not-the-password', XDG_CACHE_HOME: join(isolatedDir().dir, 'c') }) });
    expect(res.code).toBe(3);
    expect(res.stderr).toContain('IAM refused the password sign-in: The username or password is wrong.');
    expect(sim.requests.length - before).toBe(1);
    expect(res.stderr + res.stdout).not.toContain('not-the-password');
  });

  it('never prints the SK, password, token or signature, even with --debug', async () => {
    const before = sim.requests.length;
    const aksk = await runBin(['batch', DRS_JOBS.syncing, '00000000-0000-4000-8000-00000000jb00', '--debug', '-o', 'table'], { env: sim.env });
    const password = await runBin(['batch', DRS_JOBS.syncing, '--debug'], { env: without({ ...PASSWORD_ENV, XDG_CACHE_HOME: join(isolatedDir().dir, 'c') }) });
    expect(aksk.stderr).toContain('[debug] → POST');
    expect(aksk.stderr).toContain('Signature=***');
    expect(password.stderr).toContain('"password":"***"');
    expect(password.stderr).toContain('x-auth-token: ***');
    const sent = sim.requests.slice(before);
    const signatures = sent.map((r) => /Signature=([0-9a-f]+)/.exec(String(r.headers.authorization))?.[1]).filter(Boolean) as string[];
    const tokens = sent.map((r) => r.headers['x-auth-token']).filter(Boolean) as string[];
    expect(signatures.length).toBeGreaterThan(0);
    expect(tokens.length).toBeGreaterThan(0);
    for (const text of [aksk.stdout, aksk.stderr, password.stdout, password.stderr]) {
      for (const secret of [HW.sk, HW.password, ...signatures, ...tokens]) expect(text).not.toContain(secret);
    }
  });
});

/** Gets a token from the simulator's IAM, as a script would. */
async function issueSimToken(url: string): Promise<string> {
  const res = await fetch(`${url}/v3/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name: HW.user, password: HW.password, domain: { name: HW.domain } } } }, scope: { project: { id: HW.projectId } } } }),
  });
  expect(res.status).toBe(201);
  return res.headers.get('x-subject-token')!;
}

describe('DRS ids and phases as the service has them', () => {
  it('queries an id of an unusual shape anyway, with a warning (the service is the judge)', async () => {
    const odd = ['9a470239-2308-4bb5-a6bc-1040402f0b21', 'not-a-job'];
    const before = sim.requests.length;
    const res = await runBin(['batch', DRS_JOBS.syncing, ...odd], { env: sim.env });
    expect(res.code).toBe(4); // the simulator knows neither
    expect(JSON.parse(batchRequests(sim, before)[0].body).jobs).toEqual([DRS_JOBS.syncing, ...odd]);
    for (const id of odd) expect(res.stderr).toContain(`warning: ${id} does not look like a job id`);
    expect(parseJson(res.stdout).errors.map((e: { id: string; code: string }) => [e.id, e.code])).toEqual(odd.map((id) => [id, 'DRS.M05003']));
  });

  it('fails a wait for syncing at once on an ended job (RELEASE_RESOURCE_COMPLETE), saying why', async () => {
    const before = sim.requests.length;
    const res = await runBin(['batch', DRS_JOBS.ended, '--until', 'syncing', '--timeout', '1m'], { env: sim.env });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`${DRS_JOBS.ended} is succeeded (RELEASE_RESOURCE_COMPLETE) and will not become syncing on its own`);
    expect(batchRequests(sim, before)).toHaveLength(1);
  });
});

describe('Huawei project id, endpoints and expired tokens', () => {
  const projectLookups = (s: { requests: typeof sim.requests }, since = 0) => s.requests.slice(since).filter((r) => r.path === '/v3/projects');

  it('looks the project id up at IAM by region with one signed GET, caches it (0600, no SK), and reuses it', async () => {
    const cache = join(isolatedDir().dir, 'cache');
    const env = { ...sim.env, HUAWEICLOUD_SDK_PROJECT_ID: undefined, XDG_CACHE_HOME: cache };
    let before = sim.requests.length;
    const first = await runBin(['batch', DRS_JOBS.syncing, '--debug'], { env });
    expect(first.code, first.stderr).toBe(0);
    const lookups = projectLookups(sim, before);
    expect(lookups).toHaveLength(1);
    expect(lookups[0]).toMatchObject({ method: 'GET', status: 200, query: `?name=${HW.region}` });
    expect(String(lookups[0].headers.authorization)).toMatch(/^SDK-HMAC-SHA256 Access=\S+, SignedHeaders=content-type;host;x-sdk-date, Signature=/);
    expect(batchRequests(sim, before)[0].path).toBe(`/v3/${HW.projectId}/jobs/batch-status`);
    expect(first.stderr).toContain(`project id ${HW.projectId} for ${HW.region} from IAM`);
    // The lookup is logged like any request: signature redacted, no secret.
    expect(first.stderr).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/v3\/projects\?name=cn-north-4/);
    const lookupSignature = /Signature=([0-9a-f]+)/.exec(String(lookups[0].headers.authorization))![1];
    for (const secret of [HW.sk, lookupSignature]) expect(first.stdout + first.stderr).not.toContain(secret);

    const dir = join(cache, 'syncstat', 'huawei');
    const [file] = readdirSync(dir).filter((f) => f.startsWith('project-'));
    expect(statSync(join(dir, file)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, file), 'utf8')).not.toContain(HW.sk);

    before = sim.requests.length;
    const second = await runBin(['batch', DRS_JOBS.syncing, DRS_JOBS.pending], { env });
    expect(second.code).toBe(0);
    expect(projectLookups(sim, before)).toHaveLength(0);
    expect(batchRequests(sim, before)).toHaveLength(1);
  });

  it('looks the project id up with a ready token too', async () => {
    const token = await issueSimToken(sim.urls.huawei);
    const before = sim.requests.length;
    const res = await runBin(['batch', DRS_JOBS.syncing], { env: without({ HUAWEICLOUD_TOKEN: token, HUAWEICLOUD_SDK_PROJECT_ID: undefined }) });
    expect(res.code, res.stderr).toBe(0);
    expect(projectLookups(sim, before).map((r) => r.headers['x-auth-token'])).toEqual([token]);
  });

  it('says so when IAM has no project for the region (exit 3), after that one lookup', async () => {
    const before = sim.requests.length;
    const res = await runBin(['batch', DRS_JOBS.syncing, '--region', 'ap-southeast-5'], { env: { ...sim.env, HUAWEICLOUD_SDK_PROJECT_ID: undefined } });
    expect(res.code).toBe(3);
    expect(res.stderr).toContain('IAM knows no project named "ap-southeast-5"');
    expect(sim.requests.length - before).toBe(1);
  });

  it('fails a ready token past its expiry (APIGW.0301 "token expires") with exit 3 saying so, one request', async () => {
    const stale = issueToken({ user: HW.user, projectId: HW.projectId, exp: 1 }, HW);
    const before = sim.requests.length;
    const res = await runBin(['batch', DRS_JOBS.syncing], { env: without({ HUAWEICLOUD_TOKEN: stale }) });
    expect(res.code).toBe(3);
    expect(res.stderr).toContain('the Huawei Cloud token from env HUAWEICLOUD_TOKEN has expired');
    expect(parseJson(res.stdout).errors[0].code).toBe('APIGW.0301');
    expect(sim.requests.length - before).toBe(1);
    expect(res.stderr + res.stdout).not.toContain(stale);
  });

  it('renews a cached password token answered APIGW.0301 "token expires", once', async () => {
    const cache = join(isolatedDir().dir, 'cache');
    const path = tokenCachePath(join(cache, 'syncstat'), { iamEndpoint: sim.urls.huawei, user: HW.user, password: HW.password, domain: HW.domain, projectId: HW.projectId, region: HW.region });
    mkdirSync(join(path, '..'), { recursive: true, mode: 0o700 });
    const stale = issueToken({ user: HW.user, projectId: HW.projectId, exp: 1 }, HW);
    writeFileSync(path, JSON.stringify({ token: stale, expiresAt: Date.now() + 3600_000, projectId: HW.projectId }), { mode: 0o600 });
    const before = sim.requests.length;
    const res = await runBin(['batch', DRS_JOBS.syncing], { env: without({ ...PASSWORD_ENV, XDG_CACHE_HOME: cache }) });
    expect(res.code, res.stderr).toBe(0);
    expect(sim.requests.slice(before).map((r) => [r.path.endsWith('tokens') ? 'iam' : 'drs', r.status])).toEqual([['drs', 401], ['iam', 201], ['drs', 200]]);
  });

  it('--endpoint notaurl is a usage error (exit 2); a bad endpoint from the environment is exit 3 naming it', async () => {
    await expectUsageError(sim, ['batch', DRS_JOBS.syncing, '--endpoint', 'notaurl'], /invalid DRS endpoint "notaurl" \(not a URL\) in --endpoint/);
    const before = sim.requests.length;
    const res = await runBin(['batch', DRS_JOBS.syncing], { env: { ...sim.env, HUAWEICLOUD_DRS_ENDPOINT: 'ftp://drs.example' } });
    expect(res.code).toBe(3);
    expect(res.stderr).toContain('invalid DRS endpoint "ftp://drs.example" (only http and https are supported) from env HUAWEICLOUD_DRS_ENDPOINT');
    expect(sim.requests.length).toBe(before);
  });
});

describe('ids from an endless stdin', () => {
  it('`yes rp-x | syncstat batch -` ends with exit 2 and one line, having read at most 1 MiB', async () => {
    const child = spawn(process.execPath, [BIN, 'batch', '-'], { env: baseEnv(sim.env), cwd: isolatedDir().dir, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d) => (stdout += d));
    // Write for ever, as `yes` does, until the reader goes away.
    const chunk = Buffer.from('rp-x\n'.repeat(13_000));
    let open = true;
    child.stdin.on('error', () => (open = false));
    const pump = () => {
      while (open && child.stdin.write(chunk));
      if (open) child.stdin.once('drain', pump);
    };
    pump();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    open = false;
    expect(code, stderr).toBe(2);
    expect(stderr).toBe('syncstat: error: stdin is larger than 1 MiB. Ids are read from at most 1 MiB and 10,000 ids in one run: split the list\n');
    expect(stdout).toBe('');
  });
});

describe('the IAM token cache', () => {
  const cachePath = (cache: string) => tokenCachePath(join(cache, 'syncstat'), { iamEndpoint: sim.urls.huawei, user: HW.user, password: HW.password, domain: HW.domain, projectId: HW.projectId, region: HW.region });
  /** A cache holding `token` (valid for an hour by its own word), private unless told otherwise. */
  function cacheWith(token: string, fileMode = 0o600, dirMode = 0o700) {
    const cache = join(isolatedDir().dir, 'cache');
    const path = cachePath(cache);
    mkdirSync(join(path, '..'), { recursive: true });
    chmodSync(join(path, '..'), dirMode);
    writeFileSync(path, JSON.stringify({ token, expiresAt: Date.now() + 3600_000, projectId: HW.projectId }));
    chmodSync(path, fileMode);
    return { cache, path, env: without({ ...PASSWORD_ENV, XDG_CACHE_HOME: cache }) };
  }
  const calls = (before: number) => sim.requests.slice(before).map((r) => [r.path.endsWith('tokens') ? 'iam' : 'drs', r.status]);

  it('drops a cached token the gateway rejects as invalid (APIGW.0301, revoked or from another IAM), renews it once, and the next run reuses the new one', async () => {
    // Issued by another IAM (a different signing key): the gateway cannot decrypt it.
    const foreign = issueToken({ user: HW.user, projectId: HW.projectId, exp: Date.now() + 3600_000 }, { ...HW, sk: 'another-iam-key' });
    const { path, env } = cacheWith(foreign);
    let before = sim.requests.length;
    const first = await runBin(['batch', DRS_JOBS.syncing], { env });
    expect(first.code, first.stderr).toBe(0);
    expect(calls(before)).toEqual([['drs', 401], ['iam', 201], ['drs', 200]]);
    const renewed = JSON.parse(readFileSync(path, 'utf8')).token;
    expect(renewed).not.toBe(foreign);
    before = sim.requests.length;
    const second = await runBin(['batch', DRS_JOBS.syncing], { env });
    expect(second.code).toBe(0);
    expect(calls(before)).toEqual([['drs', 200]]);
  });

  it('does not renew a token refused for another reason (APIGW.0302: another project): exit 3, one call', async () => {
    // A wrong project for the token: APIGW.0302 is not about the token itself, nothing to renew.
    const { path, env } = cacheWith(issueToken({ user: HW.user, projectId: 'another-project', exp: Date.now() + 3600_000 }, HW));
    const before = sim.requests.length;
    const res = await runBin(['batch', DRS_JOBS.syncing], { env });
    expect(res.code).toBe(3);
    expect(calls(before)).toEqual([['drs', 403]]);
    expect(existsSync(path)).toBe(true);
  });

  it('trusts the cache only as a 0600 file of this user in a 0700 folder: else one warning, a new token, the cache rewritten private', async () => {
    const valid = issueToken({ user: HW.user, projectId: HW.projectId, exp: Date.now() + 3600_000 }, HW);
    for (const [fileMode, dirMode, why] of [[0o644, 0o700, /others can read or write it \(mode 0644; expected 0600\)/], [0o600, 0o755, /others can enter its folder \S+ \(mode 0755; expected 0700\)/]] as const) {
      const { path, env } = cacheWith(valid, fileMode, dirMode);
      const before = sim.requests.length;
      const res = await runBin(['batch', DRS_JOBS.syncing], { env });
      expect(res.code, res.stderr).toBe(0);
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
      expect(res.stderr).toMatch(new RegExp(`^warning: ignoring the cached IAM token ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: ${why.source}`));
      expect(calls(before)).toEqual([['iam', 201], ['drs', 200]]);
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(statSync(join(path, '..')).mode & 0o777).toBe(0o700);
    }
    // A symbolic link to a token file is not used either.
    const { path, env } = cacheWith(valid);
    const elsewhere = join(isolatedDir().dir, 'token.json');
    writeFileSync(elsewhere, readFileSync(path), { mode: 0o600 });
    rmSync(path);
    symlinkSync(elsewhere, path);
    const res = await runBin(['batch', DRS_JOBS.syncing], { env });
    expect(res.code).toBe(0);
    expect(res.stderr).toContain('it is a symbolic link');
    expect(lstatSync(path).isFile()).toBe(true);
  });
});
