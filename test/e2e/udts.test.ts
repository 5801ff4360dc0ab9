import { mkdirSync, writeFileSync } from 'node:fs';
import { DEFAULT_SCENARIO, DEMO_CREDENTIALS } from '../sims.js';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertValidOutput } from '../schema.js';
import { expectUsageError, isolatedDir, parseJson, runBin, startSim } from '../helpers.js';

let sim: Awaited<ReturnType<typeof startSim>>;
beforeAll(async () => {
  sim = await startSim();
});
afterAll(() => sim.close());

describe('syncstat udts', () => {
  it('prints normalized JSON rows with progress, lag and binlog position', async () => {
    const res = await runBin(['udts', 'udts-dumping1', 'udts-ixdp441', '--project-id', DEMO_CREDENTIALS.ucloud.projectId, '--type', 'transfer'], { env: sim.env });
    expect(res.code).toBe(0);
    const out = parseJson(res.stdout);
    assertValidOutput(out);
    expect(out.results[0]).toMatchObject({ provider: 'ucloud', kind: 'udts', id: 'udts-dumping1', phase: 'running', progress: 35, details: { curCount: 420000 } });
    expect(out.results[1]).toMatchObject({ phase: 'syncing', lagMs: 3000, details: { binlog: { name: 'mysql-bin.000412', position: 81723 } } });
    const sent = new URLSearchParams(sim.requests.at(-1)!.body);
    expect(sent.get('Action')).toBe('GetUDTSTaskStatus');
    expect(sent.get('ProjectId')).toBe(DEMO_CREDENTIALS.ucloud.projectId);
    expect(sent.get('Type')).toBe('transfer');
    expect(sent.has('Region')).toBe(false); // only when set
    expect(sim.requests.at(-1)!.headers['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it("works with nothing but the UCloud CLI's profile in ~/.ucloud", async () => {
    const { dir: home } = isolatedDir();
    mkdirSync(join(home, '.ucloud'));
    const { publicKey, privateKey, projectId } = DEMO_CREDENTIALS.ucloud;
    writeFileSync(join(home, '.ucloud', 'config.json'), JSON.stringify([{ profile: 'default', active: true, project_id: projectId, base_url: sim.urls.ucloud, timeout_sec: 15 }]));
    writeFileSync(join(home, '.ucloud', 'credential.json'), JSON.stringify([{ profile: 'default', public_key: publicKey, private_key: privateKey }]), { mode: 0o600 });
    const res = await runBin(['udts', 'udts-ixdp441', '--debug'], { env: { HOME: home } });
    expect(res.code).toBe(0);
    expect(parseJson(res.stdout).results[0]).toMatchObject({ id: 'udts-ixdp441', phase: 'syncing' });
    expect(new URLSearchParams(sim.requests.at(-1)!.body).get('ProjectId')).toBe(projectId);
    expect(res.stderr).toContain('UCloud credentials from');
    expect(res.stdout + res.stderr).not.toContain(privateKey);
  });

  it('prints a table, warns about RetryPending and exits 1 on a failed task with its message', async () => {
    const res = await runBin(['udts', 'udts-retry001', 'udts-failed01', '-o', 'table'], { env: sim.env });
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(/udts-failed01\s+failed\s+Failed.*Access denied/);
    expect(res.stderr).toContain('warning: udts-retry001 is RetryPending');
  });

  it('reports an unknown task with the Message and request id (exit 4)', async () => {
    const res = await runBin(['udts', 'udts-nosuch01'], { env: sim.env });
    expect(res.code).toBe(4);
    const err = parseJson(res.stdout).errors[0];
    expect(err).toMatchObject({ id: 'udts-nosuch01', provider: 'ucloud', code: '230', message: 'task udts-nosuch01 not found (RetCode 230)' });
    expect(err.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('exits 3 on a wrong private key, without retrying or leaking it', async () => {
    const before = sim.requests.length;
    const res = await runBin(['udts', 'udts-ixdp441', 'udts-dumping1', '--concurrency', '1', '--debug'], { env: { ...sim.env, UCLOUD_PRIVATE_KEY: 'not-the-private-key' } });
    expect(res.code).toBe(3);
    expect(sim.requests.length - before).toBe(1);
    expect(sim.requests.slice(before).filter((r) => r.body.includes('TaskId=udts-ixdp441'))).toHaveLength(1);
    expect(parseJson(res.stdout).errors.map((e) => [e.id, e.code])).toEqual([['udts-ixdp441', '171'], ['udts-dumping1', '171']]);
    expect(res.stderr).toContain('UCloud rejected the credentials: Signature VerifyAC Error (RetCode 171)');
    expect(res.stdout + res.stderr).not.toContain('not-the-private-key');
  });

  it('never prints the private key or the signature with --debug', async () => {
    const before = sim.requests.length;
    const res = await runBin(['udts', 'udts-ixdp441', '--debug'], { env: sim.env });
    const signature = new URLSearchParams(sim.requests[before].body).get('Signature')!;
    expect(res.stderr).toContain('Signature=***');
    for (const text of [res.stdout, res.stderr]) {
      expect(text).not.toContain(DEMO_CREDENTIALS.ucloud.privateKey);
      expect(text).not.toContain(signature);
    }
  });

  it('exits 3 naming the env vars when credentials are missing', async () => {
    const res = await runBin(['udts', 'udts-ixdp441'], { env: { UCLOUD_API_BASE_URL: sim.urls.ucloud } });
    expect(res.code).toBe(3);
    expect(res.stderr).toContain('UCLOUD_PUBLIC_KEY and UCLOUD_PRIVATE_KEY');
  });

  it('retries RetCode 153 throttling with backoff, then succeeds', async () => {
    const throttled = await startSim({ ...DEFAULT_SCENARIO, faults: [{ type: 'throttle', service: 'ucloud', times: 2, retryAfter: 0 }] });
    try {
      const res = await runBin(['udts', 'udts-ixdp441', '--debug'], { env: throttled.env });
      expect(res.code).toBe(0);
      expect(parseJson(res.stdout).results[0]).toMatchObject({ id: 'udts-ixdp441', phase: 'syncing' });
      expect(throttled.requests.filter((r) => r.body.includes('TaskId=udts-ixdp441')).map((r) => r.status)).toEqual([200, 200, 200]);
      expect(res.stderr.match(/retry \(throttled\) .*RetCode 153/g)).toHaveLength(2);
    } finally {
      await throttled.close();
    }
  });

  it('reads endpoint and keys from a config profile; flags beat env beat the file', async () => {
    const { dir } = isolatedDir();
    const config = join(dir, '.statusrc.json');
    const { publicKey, privateKey, projectId } = DEMO_CREDENTIALS.ucloud;
    writeFileSync(config, JSON.stringify({ profiles: { ci: { ucloud: { endpoint: sim.urls.ucloud, publicKey, privateKey: '${UDTS_KEY}', projectId, region: 'cn-file' } } } }), { mode: 0o600 });
    const before = sim.requests.length;
    const res = await runBin(['udts', 'udts-done0001', '--config', config, '--profile', 'ci', '--region', 'cn-bj2'], { env: { UDTS_KEY: privateKey } });
    expect(res.code).toBe(0);
    expect(parseJson(res.stdout).results[0]).toMatchObject({ phase: 'succeeded', progress: 100 });
    const sent = new URLSearchParams(sim.requests[before].body);
    expect([sent.get('ProjectId'), sent.get('Region')]).toEqual([projectId, 'cn-bj2']);

    const env = await runBin(['udts', 'udts-done0001', '--config', config, '--profile', 'ci'], { env: { UDTS_KEY: privateKey, UCLOUD_REGION: 'cn-env' } });
    expect(env.code).toBe(0);
    expect(new URLSearchParams(sim.requests.at(-1)!.body).get('Region')).toBe('cn-env');
  });

  it('--endpoint notaurl is a usage error (exit 2); a bad UCLOUD_API_BASE_URL is exit 3 naming it', async () => {
    await expectUsageError(sim, ['udts', 'udts-done0001', '--endpoint', 'notaurl'], /invalid UCloud endpoint "notaurl" \(not a URL\) in --endpoint/);
    const res = await runBin(['udts', 'udts-done0001'], { env: { ...sim.env, UCLOUD_API_BASE_URL: 'api.ucloud.cn' } });
    expect(res.code).toBe(3);
    expect(res.stderr).toContain('invalid UCloud endpoint "api.ucloud.cn" (not a URL) from env UCLOUD_API_BASE_URL');
  });

  it('tells an OAuth-login CLI profile apart: one line, exit 3, nothing sent', async () => {
    const { dir: home } = isolatedDir();
    mkdirSync(join(home, '.ucloud'));
    writeFileSync(join(home, '.ucloud', 'config.json'), JSON.stringify([{ profile: 'default', active: true, base_url: sim.urls.ucloud, auth_mode: 'OAuth' }]));
    writeFileSync(join(home, '.ucloud', 'credential.json'), JSON.stringify([{ profile: 'default', access_token: 'oauth-token-a1b2c3', refresh_token: 'oauth-refresh-d4e5' }]), { mode: 0o600 });
    const before = sim.requests.length;
    const res = await runBin(['udts', 'udts-ixdp441'], { env: { HOME: home } });
    expect(res.code).toBe(3);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toContain('syncstat needs an API key pair');
    expect(res.stderr).not.toContain('oauth-token-a1b2c3');
    expect(sim.requests.length).toBe(before);
  });

  it('queries a task id of an unusual shape anyway, with a warning', async () => {
    const res = await runBin(['udts', 'UDTS_Legacy.1'], { env: sim.env });
    expect(res.code).toBe(4);
    expect(res.stderr).toContain('warning: UDTS_Legacy.1 does not look like a UDTS task id');
  });

  it('--endpoint overrides UCLOUD_API_BASE_URL', async () => {
    const res = await runBin(['udts', 'udts-done0001', '--endpoint', sim.urls.ucloud], { env: { ...sim.env, UCLOUD_API_BASE_URL: 'http://127.0.0.1:9' } });
    expect(res.code).toBe(0);
  });

  it.each([
    [['udts'], /no UDTS task id given/],
    [['udts', 'udts-a', 'udts-a'], /duplicate UDTS task id: udts-a/],
    [['udts', 'udts a'], /malformed UDTS task id/],
    [['udts', 'udts-a', '--type', 'bogus'], /argument 'bogus' is invalid/],
  ])('%j is a usage error (exit 2) before any request', async (args, message) => expectUsageError(sim, args, message));
});
