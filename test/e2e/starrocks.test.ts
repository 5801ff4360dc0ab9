import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SCENARIO, DEMO_CREDENTIALS, demoEnv } from '../sims.js';
import { startSimulator } from '../../src/sim/server.js';
import { STARROCKS_BIG, STARROCKS_EMPTY, STARROCKS_IN07, STARROCKS_SMALL } from '../../src/providers/huawei/sim/scenario.js';
import { parseAuthorization } from '../../src/providers/huawei/sign.js';
import { assertValidOutput } from '../schema.js';
import { expectUsageError, parseJson, runBin, startSim } from '../helpers.js';

let sim: Awaited<ReturnType<typeof startSim>>;

beforeAll(async () => {
  sim = await startSim();
});
afterAll(() => sim.close());

/** The StarRocks requests a run made, with their paging parameters. */
function pagesSince(before: number, instance: string) {
  return sim.requests.slice(before).filter((r) => r.path.includes(`/instances/${instance}/`)).map((r) => {
    const q = new URLSearchParams(r.query);
    return { offset: q.get('offset'), limit: q.get('limit'), status: r.status };
  });
}

describe('syncstat starrocks', () => {
  it('prints one normalized row per sync task, a phase for every stage, exit 1 for the abnormal one', async () => {
    const before = sim.requests.length;
    const res = await runBin(['starrocks', STARROCKS_SMALL], { env: sim.env });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^error: billing_broken failed \(No/);
    const out = parseJson(res.stdout);
    assertValidOutput(out);
    const phases = Object.fromEntries(out.results.map((r) => [r.id, r.phase]));
    expect(phases).toEqual({
      orders_sync: 'syncing', events_full: 'running', audit_wait: 'pending', logs_paused: 'paused',
      legacy_cancelled: 'paused', billing_broken: 'failed', users_new: expect.stringMatching(/pending|running|syncing/),
    });
    // The display stage in one spelling; the raw value stays in details.
    expect(out.results[0]).toMatchObject({
      provider: 'huawei', kind: 'starrocks', id: 'orders_sync', status: 'Yes', stage: 'incremental', progress: 100, lagMs: null,
      details: { instanceId: STARROCKS_SMALL, sourceDatabase: 'shop', targetDatabase: 'shop_sr', stage: 'Incremental', catchupStage: null, catchupProgress: 0 },
    });
    expect(out.results[1]).toMatchObject({ progress: 42.5, details: { catchupStage: 'wait' } });
    expect(out.results.find((r) => r.id === 'billing_broken')).toMatchObject({ status: 'No', phase: 'failed' });
    expect(out.results.find((r) => r.id === 'legacy_cancelled')).toMatchObject({ stage: 'cancelled', message: 'task was deleted (cancelled)', details: { stage: 'CANCELLED' } });
    // What crossed the wire: X-Language always, X-Project-Id signed.
    const [req] = sim.requests.slice(before);
    expect(req.headers['x-language']).toBe('en-us');
    expect(req.headers['x-project-id']).toBe(DEMO_CREDENTIALS.huawei.projectId);
    expect(parseAuthorization(String(req.headers.authorization))!.signedHeaders).toEqual(['content-type', 'host', 'x-language', 'x-project-id', 'x-sdk-date']);
    expect(req.path).toBe(`/v3/${DEMO_CREDENTIALS.huawei.projectId}/instances/${STARROCKS_SMALL}/starrocks/databases/replication`);
  });

  it('prints a table', async () => {
    const res = await runBin(['starrocks', STARROCKS_SMALL, '-o', 'table'], { env: sim.env });
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(/^ID\s+PHASE\s+STATUS\s+STAGE\s+PROGRESS/);
    expect(res.stdout).toMatch(/orders_sync\s+syncing\s+Yes\s+incremental\s+100%/);
    expect(res.stdout).not.toContain('Incremental');
    expect(res.stdout).toMatch(/legacy_cancelled\s+paused\s+Yes\s+cancelled\s+12%\s+-\s+task was deleted \(cancelled\)/);
    expect(res.stdout).toMatch(/billing_broken\s+failed\s+No\s+incremental/);
    expect(res.stdout).toMatch(/events_full\s+running\s+Yes\s+full\s+42\.5%/);
  });

  it('reads every page of a big instance, at most 50 rows a page, offset advanced by rows received', async () => {
    const before = sim.requests.length;
    const res = await runBin(['starrocks', STARROCKS_BIG, '--json'], { env: sim.env });
    expect(res.code).toBe(0);
    const out = parseJson(res.stdout);
    assertValidOutput(out);
    expect(out.results).toHaveLength(120);
    expect(out.results.map((r) => r.id)).toEqual(Array.from({ length: 120 }, (_, i) => `sync_orders_${String(i + 1).padStart(3, '0')}`));
    expect(pagesSince(before, STARROCKS_BIG)).toEqual([
      { offset: '0', limit: '50', status: 200 },
      { offset: '50', limit: '50', status: 200 },
      { offset: '100', limit: '50', status: 200 },
    ]);
    // Percentages arrive as strings.
    expect(out.results[3]).toMatchObject({ phase: 'running', stage: 'full', progress: 39 });
  });

  it('reads only the window asked for with --limit and --offset, across a page boundary', async () => {
    let before = sim.requests.length;
    const window = await runBin(['starrocks', STARROCKS_BIG, '--offset', '48', '--limit', '5'], { env: sim.env });
    expect(window.code).toBe(0);
    expect(parseJson(window.stdout).results.map((r) => r.id)).toEqual(['049', '050', '051', '052', '053'].map((n) => `sync_orders_${n}`));
    expect(pagesSince(before, STARROCKS_BIG)).toEqual([{ offset: '48', limit: '5', status: 200 }]);

    before = sim.requests.length;
    const sixty = await runBin(['starrocks', STARROCKS_BIG, '--limit', '60'], { env: sim.env });
    expect(parseJson(sixty.stdout).results).toHaveLength(60);
    expect(pagesSince(before, STARROCKS_BIG)).toEqual([
      { offset: '0', limit: '50', status: 200 },
      { offset: '50', limit: '10', status: 200 },
    ]);

    before = sim.requests.length;
    const tail = await runBin(['starrocks', STARROCKS_BIG, '--offset', '110'], { env: sim.env });
    expect(parseJson(tail.stdout).results).toHaveLength(10);
    expect(pagesSince(before, STARROCKS_BIG)).toEqual([{ offset: '110', limit: '50', status: 200 }]);
  });

  it('reports an instance with no tasks as an empty list, exit 0, and says so on stderr', async () => {
    const res = await runBin(['starrocks', STARROCKS_EMPTY], { env: sim.env });
    expect(res.code).toBe(0);
    expect(parseJson(res.stdout)).toEqual({ schemaVersion: 1, results: [], errors: [] });
    expect(res.stderr).toBe(`warning: no sync tasks on instance ${STARROCKS_EMPTY}\n`);
    const table = await runBin(['starrocks', STARROCKS_EMPTY, '-o', 'table'], { env: sim.env });
    expect(table.code).toBe(0);
    expect(table.stdout).toBe(''); // not a lone header
    expect(table.stderr).toContain(`no sync tasks on instance ${STARROCKS_EMPTY}`);
  });

  it('queries an instance id ending in in07 (the docs use both suffixes) without a warning', async () => {
    const res = await runBin(['starrocks', STARROCKS_IN07], { env: sim.env });
    expect(res.code).toBe(0);
    expect(res.stderr).toBe('');
    expect(parseJson(res.stdout).results.map((r) => r.id)).toEqual(['crm_sync']);
  });

  it('queries an instance id of another shape, with a warning: the service decides', async () => {
    const odd = 'a1b2c3d4-e5f6-a1b2-c3d4-e5f6a1b2in17';
    const before = sim.requests.length;
    const res = await runBin(['starrocks', odd], { env: sim.env });
    expect(res.code).toBe(4);
    expect(res.stderr).toContain(`warning: ${odd} does not look like an instance id`);
    expect(pagesSince(before, odd)).toEqual([{ offset: '0', limit: '50', status: 400 }]);
  });

  it('ends a wait for syncing at once on a deleted (cancelled) task, saying so', async () => {
    const deleted = await startSim({ ...DEFAULT_SCENARIO, huawei: { instances: { [STARROCKS_SMALL]: { tasks: [{ task_name: 'gone', status: 'Yes', stage: 'cancelled', percentage: '0' }] } } } });
    try {
      const res = await runBin(['starrocks', STARROCKS_SMALL, '--until', 'syncing', '--timeout', '1m'], { env: deleted.env });
      expect(res.code).toBe(1);
      expect(res.stderr).toContain('gone is paused (Yes: task was deleted (cancelled)) and will not become syncing on its own');
      expect(deleted.requests).toHaveLength(1);
    } finally {
      await deleted.close();
    }
  });

  it('--endpoint notaurl is a usage error (exit 2); from HUAWEICLOUD_GAUSSDB_ENDPOINT it is exit 3 naming the variable', async () => {
    await expectUsageError(sim, ['starrocks', STARROCKS_SMALL, '--endpoint', 'notaurl'], /invalid TaurusDB endpoint "notaurl" \(not a URL\) in --endpoint/);
    const res = await runBin(['starrocks', STARROCKS_SMALL], { env: { ...sim.env, HUAWEICLOUD_GAUSSDB_ENDPOINT: 'notaurl' } });
    expect(res.code).toBe(3);
    expect(res.stderr).toContain('from env HUAWEICLOUD_GAUSSDB_ENDPOINT');
  });

  it("reports an unknown instance with the service's code, message and request id (exit 4)", async () => {
    const missing = 'ffffffffffffffffffffffffffffffffin17';
    const res = await runBin(['starrocks', missing], { env: sim.env });
    expect(res.code).toBe(4);
    const out = parseJson(res.stdout);
    assertValidOutput(out);
    expect(out.errors).toEqual([{ id: missing, provider: 'huawei', code: 'DBS.200022', message: 'Instance not found.', requestId: expect.stringMatching(/\S/) }]);
    expect(res.stderr).toContain(`error: ${missing}: Instance not found. (requestId ${out.errors[0].requestId})`);
  });

  it('prints the vendor bodies untouched with --raw, one per page', async () => {
    const res = await runBin(['starrocks', STARROCKS_BIG, '--raw'], { env: sim.env });
    const bodies = res.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(bodies).toHaveLength(3);
    expect(bodies[0]).toMatchObject({ total_count: '120', ext_text: null });
    expect(bodies[2].replications).toHaveLength(20);
  });

  it.each([
    [['starrocks'], /no instance id given/],
    [['starrocks', 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4in17/..'], /malformed instance id: "a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4in17\/\.\."/],
    [['starrocks', ''], /malformed instance id: ""/],
    [['starrocks', STARROCKS_SMALL, STARROCKS_BIG], /too many arguments/],
    [['starrocks', STARROCKS_SMALL, '--limit', '0'], /invalid --limit "0"/],
    [['starrocks', STARROCKS_SMALL, '--offset', '-1'], /invalid --offset "-1"/],
    [['starrocks', STARROCKS_SMALL, '--auth', 'magic'], /argument 'magic' is invalid/],
  ])('%j is a usage error (exit 2) before any request', async (args, message) => expectUsageError(sim, args as string[], message));

  it('works with a ready token (X-Auth-Token, nothing signed)', async () => {
    const token = await issueSimToken(sim.urls.huawei);
    const before = sim.requests.length;
    const res = await runBin(['starrocks', STARROCKS_SMALL, '--debug'], { env: { ...sim.env, HUAWEICLOUD_SDK_AK: undefined, HUAWEICLOUD_SDK_SK: undefined, HUAWEICLOUD_TOKEN: token } });
    expect(res.code).toBe(1);
    expect(parseJson(res.stdout).results).toHaveLength(7);
    const sent = sim.requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0].headers['x-auth-token']).toBe(token);
    expect(sent[0].headers.authorization).toBeUndefined();
    expect(res.stderr).toContain('x-auth-token: ***');
    expect(res.stderr).not.toContain(token);
  });

  it('rejects a stale clock with APIGW.0303 (exit 3), naming the clock, once', async () => {
    const skewed = await startSimulator({ port: 0, scenario: DEFAULT_SCENARIO, now: () => Date.now() + 20 * 60 * 1000 });
    try {
      const res = await runBin(['starrocks', STARROCKS_SMALL], { env: demoEnv(skewed.urls) });
      expect(res.code).toBe(3);
      expect(parseJson(res.stdout).errors[0].code).toBe('APIGW.0303');
      expect(res.stderr).toMatch(/clock/);
      expect(skewed.requests).toHaveLength(1);
    } finally {
      await skewed.close();
    }
  });

  it('shows the auth modes and exit codes in --help', async () => {
    const help = await runBin(['starrocks', '--help']);
    expect(help.code).toBe(0);
    for (const text of ['Examples:', 'Exit codes:', 'HUAWEICLOUD_SDK_AK', 'HUAWEICLOUD_TOKEN', 'HUAWEICLOUD_SDK_USERNAME', 'HUAWEICLOUD_GAUSSDB_ENDPOINT', '--limit', '--project-id', '--region']) expect(help.stdout).toContain(text);
  });
});

/** Gets a token from the simulator's IAM, as `hcloud` or a script would. */
async function issueSimToken(url: string): Promise<string> {
  const c = DEMO_CREDENTIALS.huawei;
  const res = await fetch(`${url}/v3/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name: c.user, password: c.password, domain: { name: c.domain } } } }, scope: { project: { name: c.region } } } }),
  });
  expect(res.status).toBe(201);
  return res.headers.get('x-subject-token')!;
}
