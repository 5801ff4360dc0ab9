import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SCENARIO } from '../../src/sim/default-scenario.js';
import type { Fault, Scenario, SimTask } from '../../src/sim/types.js';
import { parseJson, runBin, startSim } from '../helpers.js';

let sim: Awaited<ReturnType<typeof startSim>>;
beforeAll(async () => {
  sim = await startSim();
});
afterAll(() => sim.close());

const PRECHECKS = DEFAULT_SCENARIO.ninedata!.prechecks!;
const STATUS_PATH = '/openapi/v1/replication/status';
const PRECHECK_PATH = '/openapi/v1/replication/precheck/status';

/** Every <tag ...> of a name in well-formed XML, with its attributes decoded. */
function tags(xml: string, name: string): Array<Record<string, string>> {
  const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#10;/g, '\n').replace(/&amp;/g, '&');
  return [...xml.matchAll(new RegExp(`<${name}((?:\\s+[\\w-]+="[^"]*")*)\\s*/?>`, 'g'))].map((m) => Object.fromEntries([...m[1].matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1], decode(a[2])])));
}

/** The <testsuite> elements, each with its own XML text. */
function suites(xml: string): Array<{ attrs: Record<string, string>; xml: string }> {
  return [...xml.matchAll(/<testsuite\s[^>]*>[\s\S]*?<\/testsuite>/g)].map((m) => ({ attrs: tags(m[0], 'testsuite')[0], xml: m[0] }));
}

describe('precheck -o junit', () => {
  it('writes one suite per task and one testcase per check item, failures counted, errors as <error>', async () => {
    const res = await runBin(['precheck', 'rp-div0qqpbffio', 'rp-precheckwarn', 'rp-doesnotexist', '-o', 'junit'], { env: sim.env });
    expect(res.code).toBe(4); // the unknown id (exit 4) outranks the failed precheck (exit 1)
    expect(res.stdout.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    expect(res.stdout.trimEnd().endsWith('</testsuites>')).toBe(true);
    expect(tags(res.stdout, 'testsuites')[0]).toMatchObject({ tests: '5', failures: '1', errors: '1' });

    const [failed, warned, missing] = suites(res.stdout);
    expect([failed, warned, missing].map((s) => s.attrs.name)).toEqual(['rp-div0qqpbffio', 'rp-precheckwarn', 'rp-doesnotexist']);
    expect(failed.attrs).toMatchObject({ tests: '2', failures: '1', errors: '0' });
    expect(tags(failed.xml, 'testcase')).toEqual([
      { classname: 'syncstat.precheck.rp-div0qqpbffio', name: 'Source datasource connection check' },
      { classname: 'syncstat.precheck.rp-div0qqpbffio', name: 'Cyclic replication check' },
    ]);
    expect(tags(failed.xml, 'failure')[0].message).toBe('Failed to connect datasource hzyh-ce-gaussdb: root@123.60.66.55:8000:0 Caused by: Connection timed out');

    expect(warned.attrs).toMatchObject({ tests: '2', failures: '0' });
    expect(warned.xml).toContain('<system-out>warning: binlog_expire_logs_seconds is 86400; 3 days or more is recommended</system-out>');
    expect(missing.attrs).toMatchObject({ tests: '1', errors: '1' });
    expect(tags(missing.xml, 'error')[0]).toMatchObject({ message: 'replication rp-doesnotexist not found', type: 'API_ERROR' });
    expect(res.stderr).toMatch(/error: rp-doesnotexist: replication rp-doesnotexist not found/);
  });

  it('counts warnings as failures with --fail-on warning (exit 1)', async () => {
    const res = await runBin(['precheck', 'rp-precheckwarn', '-o', 'junit', '--fail-on', 'warning'], { env: sim.env });
    expect(res.code).toBe(1);
    expect(tags(res.stdout, 'testsuites')[0]).toMatchObject({ tests: '2', failures: '1' });
    expect(tags(res.stdout, 'failure')[0]).toMatchObject({ type: 'warning' });
  });
});

describe('precheck -o github', () => {
  it('prints workflow commands for failures and warnings, then a summary line per task', async () => {
    const res = await runBin(['precheck', 'rp-div0qqpbffio', 'rp-precheckwarn', 'rp-precheckok01', '-o', 'github'], { env: sim.env });
    expect(res.code).toBe(1);
    expect(res.stdout).toBe(
      [
        '::error title=Precheck rp-div0qqpbffio%3A Source datasource connection check::Failed to connect datasource hzyh-ce-gaussdb: root@123.60.66.55:8000:0 Caused by: Connection timed out',
        'precheck rp-div0qqpbffio: FAILED (1 failure, 0 warnings, 1 passed)',
        '::warning title=Precheck rp-precheckwarn%3A Source binlog retention check::binlog_expire_logs_seconds is 86400; 3 days or more is recommended',
        'precheck rp-precheckwarn: PASSED WITH WARNINGS (0 failures, 1 warning, 1 passed)',
        'precheck rp-precheckok01: PASSED (0 failures, 0 warnings, 2 passed)',
        '',
      ].join('\n'),
    );
    expect(res.stderr).toBe('');
  });

  it('fails on warnings with --fail-on warning and annotates them as errors', async () => {
    const res = await runBin(['precheck', 'rp-precheckwarn', '-o', 'github', '--fail-on', 'warning'], { env: sim.env });
    expect(res.code).toBe(1);
    expect(res.stdout.split('\n')[0]).toMatch(/^::error title=Precheck rp-precheckwarn%3A Source binlog retention check::/);
    expect(res.stdout).toContain('precheck rp-precheckwarn: FAILED ON WARNINGS (0 failures, 1 warning, 1 passed)\n');
    expect((await runBin(['precheck', 'rp-precheckok01', '-o', 'github'], { env: sim.env })).code).toBe(0);
  });

  it('accepts only the formats precheck has', async () => {
    for (const [args, code] of [[['precheck', 'rp-precheckok01', '-o', 'xml'], 2], [['status', 'rp-div0t0awwobr', '-o', 'junit'], 2], [['precheck', 'rp-precheckok01', '-o', 'tsv'], 0]] as const) {
      const res = await runBin([...args], { env: sim.env });
      expect(res.code, args.join(' ')).toBe(code);
      if (code === 2) expect(res.stderr).toMatch(/argument '(xml|junit)' is invalid/);
    }
  });
});

const PASSED_ITEMS = PRECHECKS['rp-precheckok01'];
const STALE_FAILURE = { precheckStatus: 'failure', items: PRECHECKS['rp-div0qqpbffio'].items };

/** A simulator playing only these NineData tasks and prechecks (its clock starts now). */
async function withSim(ninedata: { replications: Record<string, SimTask>; prechecks: Record<string, SimTask> }, faults: Fault[], test: (s: Awaited<ReturnType<typeof startSim>>) => Promise<void>) {
  const own = await startSim({ ...DEFAULT_SCENARIO, ninedata, faults } as Scenario);
  try {
    await test(own);
  } finally {
    await own.close();
  }
}
const polls = (s: Awaited<ReturnType<typeof startSim>>, path: string, id: string) => s.requests.filter((r) => r.path === path && r.query.includes(id)).length;

describe('precheck --wait', () => {
  it('polls the task status while the precheck runs (~1.5 s), then reports the finished precheck', () =>
    withSim(
      {
        replications: { 'rp-prechecking1': { timeline: [{ for: 1.5, status: 'preChecking', stage: 'schema' }, { status: 'preCheckSuccess', stage: 'schema' }] } },
        prechecks: { 'rp-prechecking1': { timeline: [{ for: 1.5, ...STALE_FAILURE }, PASSED_ITEMS] }, 'rp-precheckok01': PASSED_ITEMS },
      },
      [],
      async (own) => {
        const started = Date.now();
        const res = await runBin(['precheck', 'rp-prechecking1', 'rp-precheckok01', '--wait', '--interval', '200ms', '--json'], { env: own.env });
        expect(res.code).toBe(0);
        expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
        expect(parseJson(res.stdout).results.map((r) => [r.id, r.status])).toEqual([['rp-prechecking1', 'success'], ['rp-precheckok01', 'success']]);
        expect(polls(own, STATUS_PATH, 'rp-prechecking1')).toBeGreaterThanOrEqual(3);
        // Settled ids are not polled again (this one's task status is "not found": the precheck answers).
        expect(polls(own, STATUS_PATH, 'rp-precheckok01')).toBe(1);
        expect(polls(own, PRECHECK_PATH, 'rp-prechecking1')).toBe(1);
        expect(res.stderr).toMatch(/^waiting for the precheck to finish \(rp-prechecking1 is preChecking\); polling every 200ms for up to 30m00s$/m);
        expect(res.stderr).toMatch(/^precheck finished after [\d.]+m?s \(\d+ status polls\)$/m);
      },
    ));

  it('times out with exit 6: a CI report still comes out, the unfinished precheck as an error, never its stale verdict', () =>
    withSim(
      {
        replications: {
          'rp-prechkstuck1': { status: 'preChecking', stage: 'schema' },
          'rp-prechecking1': { timeline: [{ for: 0.2, status: 'preChecking', stage: 'schema' }, { status: 'preCheckSuccess', stage: 'schema' }] },
        },
        prechecks: { 'rp-prechkstuck1': STALE_FAILURE, 'rp-prechecking1': PASSED_ITEMS },
      },
      [],
      async (own) => {
        const started = Date.now();
        const res = await runBin(['precheck', 'rp-prechkstuck1', 'rp-prechecking1', '--wait', '--timeout', '600ms', '--interval', '100ms', '-o', 'junit'], { env: own.env });
        expect(res.code).toBe(6);
        expect(Date.now() - started).toBeLessThan(5000);
        expect(res.stderr).toMatch(/^error: rp-prechkstuck1: timed out after \d+ms waiting for the precheck to finish \(last seen: rp-prechkstuck1 is preChecking\)\. Give it longer with --timeout/m);
        // The finished precheck is reported; the stuck one is an <error>, not the stale failure its endpoint still holds.
        const [done, stuck] = suites(res.stdout);
        expect(done.attrs).toMatchObject({ name: 'rp-prechecking1', failures: '0', errors: '0' });
        expect(stuck.attrs).toMatchObject({ name: 'rp-prechkstuck1', tests: '1', errors: '1', failures: '0' });
        expect(tags(stuck.xml, 'error')[0]).toMatchObject({ type: 'WAIT_TIMEOUT' });
        expect(polls(own, PRECHECK_PATH, 'rp-prechkstuck1')).toBe(0);
        expect(polls(own, PRECHECK_PATH, 'rp-prechecking1')).toBe(1);
        expect(polls(own, STATUS_PATH, 'rp-prechkstuck1')).toBeGreaterThanOrEqual(3);

        const github = await runBin(['precheck', 'rp-prechkstuck1', '--wait', '--timeout', '300ms', '--interval', '100ms', '-o', 'github'], { env: own.env });
        expect(github.code).toBe(6);
        expect(github.stdout).toMatch(/^::error title=Precheck rp-prechkstuck1::timed out after \d+ms waiting for the precheck to finish/m);

        // Without --wait the tool reports what the endpoint says now: here, the previous run's failure.
        expect((await runBin(['precheck', 'rp-prechkstuck1'], { env: own.env })).code).toBe(1);

        // Ctrl-C: exit 130, and what it was still waiting for.
        const stopped = await runBin(['precheck', 'rp-prechkstuck1', '--wait', '--interval', '100ms'], { env: own.env, onSpawn: (kill) => setTimeout(() => kill('SIGINT'), 800) });
        expect(stopped.code).toBe(130);
        expect(stopped.stderr).toMatch(/^syncstat: error: interrupted after .* waiting for the precheck to finish: rp-prechkstuck1 is preChecking$/m);
      },
    ));

  it('keeps the per-request timeout at its default: --timeout bounds the wait, --request-timeout each request', () =>
    withSim(
      { replications: { 'rp-precheckok01': { status: 'preCheckSuccess', stage: 'schema' } }, prechecks: { 'rp-precheckok01': PASSED_ITEMS } },
      [{ type: 'latency', service: 'ninedata', path: '/precheck/status', ms: 1200 }],
      async (own) => {
        const waited = await runBin(['precheck', 'rp-precheckok01', '--wait', '--timeout', '600ms', '--retries', '0', '--json'], { env: own.env });
        expect(waited.code).toBe(0);
        expect(waited.stderr).toBe('');
        // --request-timeout bounds one request: the slow answer is too slow.
        const plain = await runBin(['precheck', 'rp-precheckok01', '--request-timeout', '600ms', '--retries', '0', '--json'], { env: own.env });
        expect(plain.code).toBe(5);
      },
    ));

  it('rejects bad wait flags before any request (exit 2)', async () => {
    const before = sim.requests.length;
    for (const [args, message] of [
      [['--interval', '1s'], /--interval needs --wait/],
      [['--wait', '--interval', 'often'], /invalid --interval "often"/],
      [['--wait', '--timeout', '0s'], /--timeout must be more than 0/],
      [['--wait', '--timeout', 'soon'], /invalid --timeout "soon"/],
    ] as const) {
      const res = await runBin(['precheck', 'rp-precheckok01', ...args], { env: sim.env });
      expect(res.code, args.join(' ')).toBe(2);
      expect(res.stderr).toMatch(message);
    }
    expect(sim.requests.length).toBe(before);
  });
});
