import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SCENARIO } from '../sims.js';
import { DRS_JOBS } from '../../src/providers/huawei/sim/scenario.js';
import type { Fault, SimTask } from '../../src/sim/types.js';
import { runVirtual, startVirtualSim, type VirtualSim } from '../inproc.js';

// Waits and watches, run in-process on a virtual clock: deterministic however loaded the machine is.

let sim: VirtualSim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function withTasks(replications: Record<string, SimTask>, faults: Fault[] = []): Promise<VirtualSim> {
  sim = await startVirtualSim({ ninedata: { replications }, faults });
  return sim;
}

const json = (stdout: string) => JSON.parse(stdout) as { results: any[]; errors: any[] };

const CUTOVER: SimTask = {
  timeline: [
    { for: 40, status: 'notStarted', stage: 'schema' },
    { for: 40, status: 'running', stage: 'full', percent: { from: 0, to: 100 } },
    { for: 100, status: 'running', stage: 'inc_writer', delay: { from: 8000, to: 500 } },
  ],
};
const FULL_LOAD: SimTask = { status: 'running', stage: 'full', percent: 40 };

describe('--until', () => {
  it('waits for incremental sync with lag under --max-lag (exit 0), polling every --interval', async () => {
    const s = await withTasks({ 'rp-cutover00001': CUTOVER });
    const res = await runVirtual(s, ['status', 'rp-cutover00001', '--until', 'syncing', '--max-lag', '2s', '--interval', '10s']);
    expect(res.code, res.stderr).toBe(0);
    const row = json(res.stdout).results[0];
    expect(row.phase).toBe('syncing');
    expect(row.lagMs).toBeLessThanOrEqual(2000);
    expect(res.stderr).toMatch(/^waiting for "every task syncing with lag <= 2s" \(rp-cutover00001 is pending \(notStarted\)\); polling every 10s for up to 30m00s$/m);
    expect(res.stderr).toMatch(/^condition "every task syncing with lag <= 2s" met after 2m\d\ds$/m);
    // 80 s of schema and full load, then lag falls from 8 s to 2 s over 80 s more: about 16 polls, not one per millisecond.
    const polls = s.requests.filter((r) => r.path.endsWith('/replication/status')).length;
    expect(polls).toBeGreaterThanOrEqual(14);
    expect(polls).toBeLessThanOrEqual(19);
  });

  it('fails fast when a task fails (exit 1) and says why', async () => {
    const s = await withTasks({ 'rp-failing00001': { timeline: [{ for: 30, status: 'running', stage: 'full', percent: 10 }, { status: 'failed', stage: 'full', percent: 10 }] } });
    const res = await runVirtual(s, ['status', 'rp-failing00001', '--until', 'syncing', '--timeout', '1h']);
    expect(res.code).toBe(1);
    expect(res.elapsedMs).toBeLessThan(60_000);
    expect(res.stderr).toMatch(/^error: condition "every task syncing" can no longer be met after \d+s: rp-failing00001 failed \(failed\)$/m);
    expect(res.stderr).toMatch(/^error: rp-failing00001 failed \(failed\)$/m);
  });

  it('fails fast when a task ends in a phase that cannot become the target', async () => {
    const s = await withTasks({ 'rp-done00000001': { status: 'success', stage: 'full', subtasks: ['schema', 'full'] } });
    const res = await runVirtual(s, ['status', 'rp-done00000001', '--until', 'syncing']);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('rp-done00000001 is succeeded (success) and will not become syncing on its own');
  });

  it("times out with exit 6, the last state on stdout and each task's state on stderr", async () => {
    const s = await withTasks({ 'rp-fullload0001': FULL_LOAD });
    const res = await runVirtual(s, ['status', 'rp-fullload0001', '--until', 'syncing', '--timeout', '1m', '--interval', '10s']);
    expect(res.code).toBe(6);
    expect(res.elapsedMs).toBe(60_000);
    expect(res.stderr).toMatch(/^error: timed out after 1m00s waiting for "every task syncing": rp-fullload0001 is running \(running\)$/m);
    expect(json(res.stdout).results[0].progress).toBe(40);
    // Polls at 0, 10 … 50 s; none at the deadline itself (it would have no time left).
    expect(s.requests.length).toBe(6);
  });

  it('--any is satisfied by one task; without it every task must meet the condition', async () => {
    const s = await withTasks({ 'rp-div0t0awwobr': { status: 'running', stage: 'inc_writer', delay: 100 }, 'rp-pend0ing0001': { status: 'notStarted', stage: 'schema' } });
    const ids = ['rp-div0t0awwobr', 'rp-pend0ing0001'];
    expect((await runVirtual(s, ['status', ...ids, '--until', 'syncing', '--timeout', '1m'])).code).toBe(6);
    const any = await runVirtual(s, ['status', ...ids, '--until', 'syncing', '--any']);
    expect(any.code).toBe(0);
    expect(any.stderr).toMatch(/^condition "any task syncing" met after 0ms by rp-div0t0awwobr$/m);
  });

  it('--any met while another task failed: exit 1, and stderr names the failed task', async () => {
    const s = await withTasks({ 'rp-div0t0awwobr': { status: 'running', stage: 'inc_writer', delay: 100 }, 'rp-failing00001': { status: 'failed', stage: 'full' } });
    const res = await runVirtual(s, ['status', 'rp-div0t0awwobr', 'rp-failing00001', '--until', 'syncing', '--any']);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^error: rp-failing00001 failed \(failed\)$/m);
    expect(res.stderr).toMatch(/met after 0ms by rp-div0t0awwobr/);
  });

  it('says when a task reports no lag, so --max-lag cannot be met', async () => {
    const s = await withTasks({ 'rp-nolag0000001': { status: 'running', stage: 'inc_writer' } });
    const res = await runVirtual(s, ['status', 'rp-nolag0000001', '--until', 'syncing', '--max-lag', '1s', '--timeout', '30s']);
    expect(res.code).toBe(6);
    expect(res.stderr).toContain('rp-nolag0000001 reports no lag, so --max-lag 1s cannot be met by it');
  });

  it('heartbeats never read "lag 50s > 50s": a lag over the limit shows as over it', async () => {
    const s = await withTasks({ 'rp-lagging00001': { status: 'running', stage: 'inc_writer', delay: 50_400 } });
    const res = await runVirtual(s, ['status', 'rp-lagging00001', '--until', 'syncing', '--max-lag', '50s', '--timeout', '3m', '--heartbeat', '1m']);
    expect(res.code).toBe(6);
    expect(res.stderr).toContain('rp-lagging00001 lag 50.4s > 50s');
    expect(res.stderr).not.toContain('lag 50s > 50s');
  });

  it('survives transient 5xx during a wait', async () => {
    const s = await withTasks({ 'rp-cutover00001': CUTOVER }, [{ service: 'ninedata', type: 'status', status: 503, times: 4 }]);
    // The first poll gets an answer (its retries get past two 503s); later 503s are waited out.
    const res = await runVirtual(s, ['status', 'rp-cutover00001', '--until', 'syncing', '--retries', '2']);
    expect(res.code, res.stderr).toBe(0);
    expect(s.requests.filter((r) => r.status === 503).length).toBe(4);
  });

  it('a service that never answers ends the wait at once with exit 5, naming the cause', async () => {
    const s = await withTasks({ 'rp-cutover00001': CUTOVER });
    const res = await runVirtual(s, ['status', 'rp-cutover00001', '--until', 'syncing', '--timeout', '30m', '--retries', '2'], { env: { NINEDATA_ENDPOINT: 'http://127.0.0.1:1' } });
    expect(res.code).toBe(5);
    expect(res.stderr).toMatch(/^error: rp-cutover00001: connection refused by 127\.0\.0\.1:1.*\(gave up after 3 attempts\)/m);
    expect(res.stderr).toMatch(/^error: gave up waiting for "every task syncing": the service never answered \(1 poll, each with its retries\)$/m);
    expect(res.elapsedMs).toBeLessThan(60_000);
  });

  it('after a good poll, failures are waited out and shown in the heartbeat', async () => {
    const s = await withTasks({ 'rp-fullload0001': FULL_LOAD });
    let first = true;
    const res = await runVirtual(s, ['status', 'rp-fullload0001', '--until', 'syncing', '--timeout', '3m', '--heartbeat', '1m', '--retries', '0'], {
      // After the first poll, the service goes away.
      onSleep: () => {
        if (first) s.requests.length && (first = false, void s.close());
      },
    });
    expect(res.code).toBe(6);
    expect(res.stderr).toMatch(/\[heartbeat\] .* still waiting for "every task syncing" after \dm\d\ds: .*last poll failed: rp-fullload0001: connection refused/);
    // The last state observed is still the one reported.
    expect(json(res.stdout).results[0]).toMatchObject({ id: 'rp-fullload0001', progress: 40 });
    sim = undefined;
  });

  it('raises an --interval under 1s to 1s, saying so once on stderr: a typo cannot flood the service', async () => {
    const s = await withTasks({ 'rp-fullload0001': FULL_LOAD });
    const res = await runVirtual(s, ['status', 'rp-fullload0001', '--until', 'syncing', '--interval', '10ms', '--timeout', '30s']);
    expect(res.code).toBe(6);
    expect(res.stderr.match(/^warning: .*$/gm)).toEqual(['warning: --interval 10ms is below the minimum of 1s: polling every 1s']);
    expect(res.stderr).toContain('polling every 1s for up to 30s');
    // About one poll a second (with ±10% jitter), not 3,000.
    const polls = s.requests.length;
    expect(polls).toBeGreaterThanOrEqual(28);
    expect(polls).toBeLessThanOrEqual(35);
  });

  it('keeps an --interval of 1s or more as given, without a warning', async () => {
    const s = await withTasks({ 'rp-fullload0001': FULL_LOAD });
    const res = await runVirtual(s, ['status', 'rp-fullload0001', '--until', 'syncing', '--interval', '1s', '--timeout', '5s']);
    expect(res.code).toBe(6);
    expect(res.stderr).not.toContain('warning:');
  });

  it('rejects a bad condition (exit 2)', async () => {
    const s = await withTasks({});
    const res = await runVirtual(s, ['status', 'rp-div0t0awwobr', '--until', 'done']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('invalid --until "done"');
    expect(s.requests.length).toBe(0);
  });
});

describe('wait-only flags need a wait (exit 2, one line, no request)', () => {
  const CASES: Array<[string[], RegExp]> = [
    [['status', 'rp-div0t0awwobr', '--max-lag', '100ms'], /^syncstat: error: --max-lag needs --until\. e\.g\. --until syncing --max-lag 5s$/],
    [['status', 'rp-div0t0awwobr', '--watch', '--max-lag', '1s'], /--max-lag needs --until/],
    [['status', 'rp-div0t0awwobr', '--any'], /--any needs --until/],
    [['status', 'rp-div0t0awwobr', '--interval', '5s'], /--interval needs --until or --watch/],
    [['udts', 'udts-ixdp441', '--heartbeat', '5s'], /--heartbeat needs --until or --watch/],
    [['starrocks', 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4in17', '--interval', '5s'], /--interval needs --until or --watch/],
    [['batch', DRS_JOBS.syncing, '--any'], /--any needs --until/],
    [['precheck', 'rp-precheckok01', '--interval', '5s'], /--interval needs --wait/],
    [['precheck', 'rp-precheckok01', '--heartbeat', '5s'], /--heartbeat needs --wait/],
    [['status', 'rp-div0t0awwobr', '--watch', '-o', 'json'], /--watch streams changes and cannot write -o json/],
    [['status', 'rp-div0t0awwobr', '--until', 'syncing', '--interval', '0s'], /--interval must be more than 0/],
  ];
  it.each(CASES)('%j', async (argv, message) => {
    const s = await withTasks({});
    const res = await runVirtual(s, argv);
    expect(res.code, res.stderr).toBe(2);
    expect(res.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(res.stderr.trimEnd()).toMatch(message);
    expect(res.stdout).toBe('');
    expect(s.requests.length).toBe(0);
  });
});

describe('--watch', () => {
  const STEPS: SimTask = {
    timeline: [
      { for: 30, status: 'notStarted', stage: 'schema' },
      { for: 30, status: 'running', stage: 'full', percent: 50 },
      { status: 'success', stage: 'full', subtasks: ['schema', 'full'] },
    ],
  };

  it('off a terminal writes exactly one NDJSON event per change, and stops with --until', async () => {
    const s = await withTasks({ 'rp-steps0000001': STEPS });
    const res = await runVirtual(s, ['status', 'rp-steps0000001', '--watch', '--until', 'succeeded']);
    expect(res.code).toBe(0);
    const events = res.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(events.map((e) => [e.from, e.to, e.phase])).toEqual([
      [null, 'notStarted', 'pending'],
      ['notStarted', 'running', 'running'],
      ['running', 'success', 'succeeded'],
    ]);
    expect(Object.keys(events[0])).toEqual(['time', 'provider', 'id', 'from', 'to', 'phase', 'progress', 'lagMs', 'lagStale', 'etaMs']);
    expect(events[0].time).toBe('2026-11-25T10:00:00.000Z');
  });

  it('honours -o tsv: a header once, then the rows that changed', async () => {
    const s = await withTasks({ 'rp-steps0000001': STEPS });
    const res = await runVirtual(s, ['status', 'rp-steps0000001', '--watch', '--until', 'succeeded', '-o', 'tsv']);
    expect(res.code).toBe(0);
    const lines = res.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^provider\tkind\tid\tphase/);
    expect(lines.slice(1).map((l) => l.split('\t')[3])).toEqual(['pending', 'running', 'succeeded']);
  });

  it('honours -o table off a terminal: a timestamped table per change', async () => {
    const s = await withTasks({ 'rp-steps0000001': STEPS });
    const res = await runVirtual(s, ['status', 'rp-steps0000001', '--watch', '--until', 'succeeded', '-o', 'table']);
    expect(res.code).toBe(0);
    expect(res.stdout.match(/^# 2026-11-25T10:\d\d:\d\d\.000Z$/gm)).toHaveLength(3);
    expect(res.stdout).not.toContain('\x1b');
  });

  it('prints a heartbeat on stderr so CI watchdogs see life, and --timeout ends a bare watch (exit 0)', async () => {
    const s = await withTasks({ 'rp-fullload0001': FULL_LOAD });
    const res = await runVirtual(s, ['status', 'rp-fullload0001', '--watch', '--heartbeat', '20s', '--timeout', '1m']);
    expect(res.code).toBe(0);
    expect(res.stdout.trim().split('\n')).toHaveLength(1); // nothing changed after the first sighting
    expect(res.stderr).toMatch(/^\[heartbeat\] 2026-11-25T10:00:20\.\d{3}Z still watching after 2\ds$/m);
    expect(res.stderr).toMatch(/^stopped watching after 1m00s \(--timeout\)$/m);
  });

  it('a bare --watch runs until interrupted: well past 30 minutes, then exit 130 with a summary', async () => {
    const s = await withTasks({ 'rp-fullload0001': FULL_LOAD });
    const res = await runVirtual(s, ['status', 'rp-fullload0001', '--watch', '--interval', '1m'], { onSleep: (n) => (n === 90 ? 'SIGINT' : undefined) });
    expect(res.code).toBe(130);
    expect(res.elapsedMs).toBeGreaterThan(60 * 60_000);
    expect(res.stderr).toMatch(/^interrupted after 1h2\dm; last seen: rp-fullload0001 running \(running\)$/m);
  });
});

describe('interruption', () => {
  it('Ctrl-C: exit 130, and the last state observed still goes to stdout', async () => {
    const s = await withTasks({ 'rp-fullload0001': FULL_LOAD });
    const res = await runVirtual(s, ['status', 'rp-fullload0001', '--until', 'syncing', '--json'], { onSleep: (n) => (n === 3 ? 'SIGINT' : undefined) });
    expect(res.code).toBe(130);
    expect(json(res.stdout).results[0]).toMatchObject({ id: 'rp-fullload0001', phase: 'running', progress: 40 });
    expect(res.stderr).toMatch(/^interrupted after 20s; last seen: rp-fullload0001 running \(running\)$/m);
  });

  it('SIGTERM: exit 143', async () => {
    const s = await withTasks({ 'rp-fullload0001': FULL_LOAD });
    const res = await runVirtual(s, ['status', 'rp-fullload0001', '--until', 'syncing', '-o', 'tsv'], { onSleep: () => 'SIGTERM' });
    expect(res.code).toBe(143);
    expect(res.stdout).toMatch(/^provider\t/);
  });
});

describe('waits on the other services', () => {
  it('batch waits for a DRS job to reach incremental sync, with change events and one request per poll', async () => {
    sim = await startVirtualSim({
      huawei: { ...DEFAULT_SCENARIO.huawei, jobs: { [DRS_JOBS.lifecycle]: { timeline: [{ for: 30, status: 'CREATING' }, { for: 30, status: 'FULL_TRANSFER_STARTED' }, { status: 'INCRE_TRANSFER_STARTED' }] } } },
    });
    const res = await runVirtual(sim, ['batch', DRS_JOBS.lifecycle, '--until', 'syncing', '--watch']);
    expect(res.code, res.stderr).toBe(0);
    const events = res.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(events.map((e) => e.to)).toEqual(['CREATING', 'FULL_TRANSFER_STARTED', 'INCRE_TRANSFER_STARTED']);
    expect(sim.requests.filter((r) => r.path.endsWith('/jobs/batch-status')).length).toBe(7);
  });

  it('udts waits for a migration to reach incremental sync with lag under --max-lag', async () => {
    sim = await startVirtualSim({ ucloud: { tasks: { 'udts-cutover1': { timeline: [{ for: 30, Status: 'Loading', Percentage: { from: 50, to: 100 } }, { Status: 'Syncing', RedisDelayTime: 1 }] } } } });
    const res = await runVirtual(sim, ['udts', 'udts-cutover1', '--until', 'syncing', '--max-lag', '2s', '--interval', '10s', '--timeout', '10m']);
    expect(res.code, res.stderr).toBe(0);
    expect(sim.requests.length).toBeGreaterThan(1);
    expect(JSON.parse(res.stdout).results[0]).toMatchObject({ phase: 'syncing', lagMs: 1000 });
  });

  it('batch keeps waiting for syncing through FULL_TRANSFER_COMPLETE (incremental comes next): a timeout, not a failure', async () => {
    sim = await startVirtualSim();
    const res = await runVirtual(sim, ['batch', DRS_JOBS.fullComplete, DRS_JOBS.childComplete, '--until', 'syncing', '--timeout', '1m']);
    expect(res.code, res.stderr).toBe(6);
    expect(res.stderr).toContain('timed out');
    expect(res.stderr).not.toContain('can no longer be met');
  });
});

describe('--timeout bounds a one-shot query and its retries', () => {
  it('a Retry-After past the deadline is not waited for: it fails at once, naming it', async () => {
    const s = await withTasks({ 'rp-fullload0001': FULL_LOAD }, [{ service: 'ninedata', type: 'throttle', retryAfter: 3600 }]);
    const res = await runVirtual(s, ['status', 'rp-fullload0001', '--timeout', '5s']);
    expect(res.code).toBe(5);
    expect(res.elapsedMs).toBe(0);
    expect(s.requests.length).toBe(1);
    expect(res.stderr).toMatch(/not retried: the service asks to retry after 1h00m \(Retry-After\)/);
  });

  it('retries stop at the deadline, and the error says how many attempts were made', async () => {
    const s = await withTasks({ 'rp-fullload0001': FULL_LOAD }, [{ service: 'ninedata', type: 'status', status: 503 }]);
    const res = await runVirtual(s, ['status', 'rp-fullload0001', '--timeout', '1s', '--retries', '10'], { random: () => 1 });
    expect(res.code).toBe(5);
    expect(res.elapsedMs).toBeLessThanOrEqual(1000);
    expect(res.stderr).toMatch(/answered HTTP 503; not retried: the --timeout leaves no time for another attempt \(gave up after \d attempts\)/);
  });
});

describe('--watch and an output format from the environment', () => {
  it('SYNCSTAT_OUTPUT=json (a one-shot default) leaves a watch its NDJSON events; -o json is refused', async () => {
    const s = await withTasks({ 'rp-fullload0001': FULL_LOAD });
    const res = await runVirtual(s, ['status', 'rp-fullload0001', '--watch', '--timeout', '30s'], { env: { SYNCSTAT_OUTPUT: 'json' } });
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout.trim().split('\n')[0])).toMatchObject({ id: 'rp-fullload0001', from: null, to: 'running' });
    const refused = await runVirtual(s, ['status', 'rp-fullload0001', '--watch', '-o', 'json']);
    expect(refused.code).toBe(2);
  });
});
