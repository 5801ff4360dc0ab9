import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SCENARIO } from '../sims.js';
import type { Fault, Scenario, SimTask } from '../../src/sim/types.js';
import { runBin, startSim, suites, tags } from '../helpers.js';

let sim: Awaited<ReturnType<typeof startSim>>;
beforeAll(async () => {
  sim = await startSim();
});
afterAll(() => sim.close());

const PRECHECKS = DEFAULT_SCENARIO.ninedata!.prechecks!;

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
    expect(res.stderr).toBe('error: rp-div0qqpbffio precheck failed: 1 failing item: Source datasource connection check: Failed to connect datasource hzyh-ce-gaussdb: root@123.60.66.55:8000:0 Caused by: Connection timed out\n');
  });

  it('fails on warnings with --fail-on warning and annotates them as errors', async () => {
    const res = await runBin(['precheck', 'rp-precheckwarn', '-o', 'github', '--fail-on', 'warning'], { env: sim.env });
    expect(res.code).toBe(1);
    expect(res.stdout.split('\n')[0]).toMatch(/^::error title=Precheck rp-precheckwarn%3A Source binlog retention check::/);
    expect(res.stdout).toContain('precheck rp-precheckwarn: FAILED ON WARNINGS (0 failures, 1 warning, 1 passed)\n');
    expect((await runBin(['precheck', 'rp-precheckok01', '-o', 'github'], { env: sim.env })).code).toBe(0);
  });

  it('accepts only the formats precheck has', async () => {
    for (const [args, code] of [[['precheck', 'rp-precheckok01', '-o', 'xml'], 2], [['status', 'rp-div0t0awwobr', '-o', 'junit'], 0], [['precheck', 'rp-precheckok01', '-o', 'tsv'], 0]] as const) {
      const res = await runBin([...args], { env: sim.env });
      expect(res.code, args.join(' ')).toBe(code);
      if (code === 2) expect(res.stderr).toMatch(/argument 'xml' is invalid/);
    }
  });
});

const PASSED_ITEMS = PRECHECKS['rp-precheckok01'];

/** A simulator playing only these NineData tasks and prechecks (its clock starts now). */
async function withSim(ninedata: { replications: Record<string, SimTask>; prechecks: Record<string, SimTask> }, faults: Fault[], test: (s: Awaited<ReturnType<typeof startSim>>) => Promise<void>) {
  const own = await startSim({ ...DEFAULT_SCENARIO, ninedata, faults } as Scenario);
  try {
    await test(own);
  } finally {
    await own.close();
  }
}

describe('precheck --wait', () => {
  // Polling, timeouts and interruption of --wait run in-process on a virtual clock: test/unit/precheck-wait-cli.test.ts
  it('--timeout bounds the whole command, --request-timeout each attempt', () =>
    withSim(
      { replications: { 'rp-precheckok01': { status: 'preCheckSuccess', stage: 'schema' } }, prechecks: { 'rp-precheckok01': PASSED_ITEMS } },
      [{ type: 'latency', service: 'ninedata', path: '/precheck/status', ms: 1200 }],
      async (own) => {
        const waited = await runBin(['precheck', 'rp-precheckok01', '--wait', '--timeout', '10s', '--retries', '0', '--json'], { env: own.env });
        expect(waited.code).toBe(0);
        expect(waited.stderr).toBe('');
        const attempt = await runBin(['precheck', 'rp-precheckok01', '--wait', '--request-timeout', '600ms', '--retries', '0', '--json'], { env: own.env });
        expect(attempt.code).toBe(5);
        expect(attempt.stderr).toMatch(/no complete response from 127\.0\.0\.1:\d+ within 600ms/);
        // One-shot: --timeout bounds the query with its retries.
        const plain = await runBin(['precheck', 'rp-precheckok01', '--timeout', '600ms', '--json'], { env: own.env });
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
