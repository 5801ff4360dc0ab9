import { describe, expect, it } from 'vitest';
import { DEFAULT_SCENARIO } from '../../src/sim/default-scenario.js';
import type { Fault, SimTask } from '../../src/sim/types.js';
import { parseJson, runBin, startSim } from '../helpers.js';

async function withSim(replications: Record<string, SimTask>, test: (env: Record<string, string>, sim: Awaited<ReturnType<typeof startSim>>) => Promise<void>, faults: Fault[] = []) {
  const sim = await startSim({ ...DEFAULT_SCENARIO, ninedata: { replications }, faults });
  try {
    await test(sim.env, sim);
  } finally {
    await sim.close();
  }
}

const FAST = ['--interval', '100ms'];
const CUTOVER: SimTask = {
  timeline: [
    { for: 0.4, status: 'notStarted', stage: 'schema' },
    { for: 0.4, status: 'running', stage: 'full', percent: { from: 0, to: 100 } },
    { for: 1, status: 'running', stage: 'inc_writer', delay: { from: 8000, to: 500 } },
  ],
};

describe('--until', () => {
  it('waits for incremental sync with lag under --max-lag (exit 0)', () =>
    withSim({ 'rp-cutover00001': CUTOVER }, async (env) => {
      const res = await runBin(['status', 'rp-cutover00001', '--until', 'syncing', '--max-lag', '2s', '--timeout', '10s', ...FAST], { env });
      expect(res.code).toBe(0);
      const row = parseJson(res.stdout).results[0];
      expect(row.phase).toBe('syncing');
      expect(row.lagMs).toBeLessThanOrEqual(2000);
      expect(res.stderr).toContain('condition "every task syncing with lag <= 2s" met after');
    }));

  it('fails fast when a task fails (exit 1) and says why', () =>
    withSim({ 'rp-failing00001': { timeline: [{ for: 0.3, status: 'running', stage: 'full', percent: 10 }, { status: 'failed', stage: 'full', percent: 10 }] } }, async (env) => {
      const started = Date.now();
      const res = await runBin(['status', 'rp-failing00001', '--until', 'syncing', '--timeout', '30s', ...FAST], { env });
      expect(res.code).toBe(1);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(res.stderr).toMatch(/can no longer be met after .*: rp-failing00001 failed \(failed\)/);
    }));

  it('fails fast when a task ends in a phase that cannot become the target', () =>
    withSim({ 'rp-done00000001': { status: 'success', stage: 'full', subtasks: ['schema', 'full'] } }, async (env) => {
      const res = await runBin(['status', 'rp-done00000001', '--until', 'syncing', ...FAST], { env });
      expect(res.code).toBe(1);
      expect(res.stderr).toContain('rp-done00000001 is succeeded (success) and will not become syncing on its own');
    }));

  it('times out with exit 6 and each task\'s last state', () =>
    withSim({ 'rp-fullload0001': { status: 'running', stage: 'full', percent: 40 } }, async (env) => {
      const res = await runBin(['status', 'rp-fullload0001', '--until', 'syncing', '--timeout', '600ms', ...FAST], { env });
      expect(res.code).toBe(6);
      expect(res.stderr).toMatch(/timed out after \d+ms waiting for "every task syncing": rp-fullload0001 is running \(running\)/);
      expect(parseJson(res.stdout).results[0].progress).toBe(40);
    }));

  it('--any is satisfied by one task; without it every task must meet the condition', () =>
    withSim({ 'rp-div0t0awwobr': { status: 'running', stage: 'inc_writer', delay: 100 }, 'rp-pend0ing0001': { status: 'notStarted', stage: 'schema' } }, async (env) => {
      const ids = ['rp-div0t0awwobr', 'rp-pend0ing0001'];
      expect((await runBin(['status', ...ids, '--until', 'syncing', '--timeout', '400ms', ...FAST], { env })).code).toBe(6);
      expect((await runBin(['status', ...ids, '--until', 'syncing', '--any', '--timeout', '5s', ...FAST], { env })).code).toBe(0);
    }));

  it('says when a task reports no lag, so --max-lag cannot be met', () =>
    withSim({ 'rp-nolag0000001': { status: 'running', stage: 'inc_writer' } }, async (env) => {
      const res = await runBin(['status', 'rp-nolag0000001', '--until', 'syncing', '--max-lag', '1s', '--timeout', '400ms', ...FAST], { env });
      expect(res.code).toBe(6);
      expect(res.stderr).toContain('rp-nolag0000001 reports no lag, so --max-lag 1s cannot be met by it');
    }));

  it('survives transient 5xx during a wait', () =>
    withSim({ 'rp-cutover00001': CUTOVER }, async (env, sim) => {
      const res = await runBin(['status', 'rp-cutover00001', '--until', 'syncing', '--timeout', '10s', '--retries', '0', ...FAST], { env });
      expect(res.code).toBe(0);
      expect(sim.requests.filter((r) => r.status === 503).length).toBe(4);
    }, [{ service: 'ninedata', type: 'status', status: 503, times: 4 }]));

  it('rejects --max-lag without --until and a bad condition (exit 2)', async () => {
    const a = await runBin(['status', 'rp-div0t0awwobr', '--watch', '--max-lag', '1s']);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain('--max-lag needs --until');
    const b = await runBin(['status', 'rp-div0t0awwobr', '--until', 'done']);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('invalid --until "done"');
  });
});

describe('--watch off a terminal', () => {
  const STEPS: SimTask = {
    timeline: [
      { for: 0.5, status: 'notStarted', stage: 'schema' },
      { for: 0.5, status: 'running', stage: 'full', percent: 50 },
      { status: 'success', stage: 'full', subtasks: ['schema', 'full'] },
    ],
  };

  it('writes exactly one NDJSON event per change, and stops with --until', () =>
    withSim({ 'rp-steps0000001': STEPS }, async (env) => {
      const res = await runBin(['status', 'rp-steps0000001', '--watch', '--until', 'succeeded', '--timeout', '10s', ...FAST], { env });
      expect(res.code).toBe(0);
      const events = res.stdout.trim().split('\n').map((l) => JSON.parse(l));
      expect(events.map((e) => [e.from, e.to, e.phase])).toEqual([
        [null, 'notStarted', 'pending'],
        ['notStarted', 'running', 'running'],
        ['running', 'success', 'succeeded'],
      ]);
      expect(Object.keys(events[0])).toEqual(['time', 'provider', 'id', 'from', 'to', 'phase', 'progress', 'lagMs']);
    }));

  it('prints a heartbeat on stderr so CI watchdogs see life', () =>
    withSim({ 'rp-fullload0001': { status: 'running', stage: 'full', percent: 40 } }, async (env) => {
      const res = await runBin(['status', 'rp-fullload0001', '--watch', '--heartbeat', '200ms', '--timeout', '900ms', ...FAST], { env });
      expect(res.code).toBe(0);
      expect(res.stdout.trim().split('\n')).toHaveLength(1); // nothing changed after the first sighting
      expect(res.stderr).toMatch(/\[heartbeat\] \S+ still watching after/);
    }));

  it('stops cleanly on Ctrl-C with a summary (exit 130)', () =>
    withSim({ 'rp-fullload0001': { status: 'running', stage: 'full', percent: 40 } }, async (env) => {
      const res = await runBin(['status', 'rp-fullload0001', '--watch', '--interval', '200ms'], {
        env,
        onSpawn: (kill) => setTimeout(() => kill('SIGINT'), 1200),
      });
      expect(res.code).toBe(130);
      expect(res.stderr).toMatch(/interrupted after .*; last seen: rp-fullload0001 running \(running\)/);
    }));
});

describe('--until on the Huawei commands', () => {
  it('batch waits for a DRS job to reach incremental sync, with change events', async () => {
    const { DRS_JOBS } = await import('../../src/sim/scenarios/huawei.js');
    const sim = await startSim({
      ...DEFAULT_SCENARIO,
      huawei: { ...DEFAULT_SCENARIO.huawei, jobs: { [DRS_JOBS.lifecycle]: { timeline: [{ for: 0.3, status: 'CREATING' }, { for: 0.3, status: 'FULL_TRANSFER_STARTED' }, { status: 'INCRE_TRANSFER_STARTED' }] } } },
    });
    try {
      const res = await runBin(['batch', DRS_JOBS.lifecycle, '--until', 'syncing', '--watch', '--timeout', '10s', ...FAST], { env: sim.env });
      expect(res.code).toBe(0);
      const events = res.stdout.trim().split('\n').map((l) => JSON.parse(l));
      expect(events.map((e) => e.to)).toEqual(['CREATING', 'FULL_TRANSFER_STARTED', 'INCRE_TRANSFER_STARTED']);
      // one request per poll: the chunk of ids, not one per id
      expect(sim.requests.filter((r) => r.path.endsWith('/jobs/batch-status')).length).toBeGreaterThanOrEqual(3);
    } finally {
      await sim.close();
    }
  });
});
