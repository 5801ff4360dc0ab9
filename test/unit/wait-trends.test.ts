import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SCENARIO } from '../sims.js';
import { DRS_JOBS, STARROCKS_IN07, STARROCKS_SMALL } from '../../src/providers/huawei/sim/scenario.js';
import type { SimTask } from '../../src/sim/types.js';
import { runVirtual, startVirtualSim, type VirtualSim } from '../inproc.js';
import { assertValidDefinition, assertValidOutput } from '../schema.js';

// Waits that know spikes from trends (--for), stale lag from fresh, and when a full load will end:
// in-process on the virtual clock, against the simulator.

let sim: VirtualSim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

// Each run gets a fresh simulator: its timelines start with the run.
async function nine(replications: Record<string, SimTask>): Promise<VirtualSim> {
  await sim?.close();
  sim = await startVirtualSim({ ninedata: { replications } });
  return sim;
}

async function udts(tasks: Record<string, SimTask>): Promise<VirtualSim> {
  await sim?.close();
  sim = await startVirtualSim({ ucloud: { tasks } });
  return sim;
}

function taskList(tasks: unknown[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'syncstat-waits-')), 'tasks.json');
  writeFileSync(file, JSON.stringify({ tasks }));
  return file;
}

const json = (stdout: string) => JSON.parse(stdout) as { results: any[]; errors: any[] };
const events = (stdout: string) => stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
const INC = { status: 'running', stage: 'inc_writer' };

describe('--for: the lag condition must hold without a break', () => {
  it('a spike over --max-lag restarts the hold: met 2m after the spike, not 2m after the start', async () => {
    const s = await nine({
      'rp-spiky000001': { timeline: [{ for: 60, ...INC, delay: { from: 1000, to: 2000 } }, { for: 10, ...INC, delay: 9000 }, { ...INC, delay: { from: 1500, to: 1500 } }] },
    });
    const res = await runVirtual(s, ['status', 'rp-spiky000001', '--until', 'syncing', '--max-lag', '5s', '--for', '2m', '--interval', '10s']);
    expect(res.code, res.stderr).toBe(0);
    // The poll at 60 s saw the spike; the hold starts again at 70 s and completes at 190 s.
    expect(res.elapsedMs).toBe(190_000);
    expect(res.stderr).toMatch(/^waiting for "every task syncing with lag <= 5s for 2m00s" \(rp-spiky000001 lag ≤ 5s for 0ms of 2m00s\); polling every 10s for up to 30m00s$/m);
    expect(res.stderr).toMatch(/^condition "every task syncing with lag <= 5s for 2m00s" met after 3m10s$/m);
  });

  it('without a spike the same wait ends when the hold does', async () => {
    const s = await nine({ 'rp-steady00001': { ...INC, timeline: [{ for: 600, delay: { from: 1000, to: 3000 } }] } });
    const res = await runVirtual(s, ['status', 'rp-steady00001', '--until', 'syncing', '--max-lag', '5s', '--for', '2m']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.elapsedMs).toBe(120_000);
  });

  it('a --timeout that ends during the hold is exit 6, naming the task and how long it held', async () => {
    const s = await nine({ 'rp-steady00001': { ...INC, timeline: [{ for: 600, delay: { from: 1000, to: 3000 } }] } });
    const res = await runVirtual(s, ['status', 'rp-steady00001', '--until', 'syncing', '--max-lag', '5s', '--for', '2m', '--timeout', '90s']);
    expect(res.code).toBe(6);
    expect(res.stderr).toMatch(/^error: timed out after 1m30s waiting for "every task syncing with lag <= 5s for 2m00s": rp-steady00001 lag ≤ 5s for 1m20s of 2m00s$/m);
    // A CI report fails the task with the same words.
    const junit = await runVirtual(await nine({ 'rp-steady00001': { ...INC, timeline: [{ for: 600, delay: { from: 1000, to: 3000 } }] } }), ['status', 'rp-steady00001', '--until', 'syncing', '--max-lag', '5s', '--for', '2m', '--timeout', '90s', '-o', 'junit']);
    expect(junit.code).toBe(6);
    expect(junit.stdout).toContain('did not meet &quot;every task syncing with lag &lt;= 5s for 2m00s&quot;: rp-steady00001 lag ≤ 5s for 1m20s of 2m00s');
  });

  it('a poll that fails restarts the hold of the task it failed for', async () => {
    const { untilCondition } = await import('../../src/core/wait.js');
    const c = untilCondition({ until: 'syncing', maxLagMs: 5000, any: false, holdMs: 60_000 });
    const row = { provider: 'p', kind: 'k', id: 't1', phase: 'syncing' as const, status: 'x', progress: null, lagMs: 1000, stage: null, message: null, observedAt: '', details: {} };
    const ok = { results: [row], errors: [], raw: [], warnings: [] };
    const failed = { results: [], errors: [{ id: 't1', provider: 'p', code: 'NETWORK', message: 'reset', requestId: null, exitCode: 5 }], raw: [], warnings: [] };
    expect(c.judge(ok, 0).state).toBe('waiting');
    expect(c.judge(ok, 50_000).why).toEqual(['t1 lag ≤ 5s for 50s of 1m00s']);
    expect(c.judge(failed, 55_000).state).toBe('waiting');
    expect(c.judge(ok, 60_000).why).toEqual(['t1 lag ≤ 5s for 0ms of 1m00s']);
    expect(c.judge(ok, 120_000).state).toBe('met');
  });

  it('--watch NDJSON says when a hold starts and breaks', async () => {
    const s = await nine({
      'rp-spiky000001': { timeline: [{ for: 30, ...INC, delay: { from: 1000, to: 2000 } }, { for: 10, ...INC, delay: 9000 }, { ...INC, delay: { from: 1500, to: 1500 } }] },
    });
    const res = await runVirtual(s, ['status', 'rp-spiky000001', '--watch', '--until', 'syncing', '--max-lag', '5s', '--for', '1m', '-o', 'ndjson']);
    expect(res.code, res.stderr).toBe(0);
    for (const e of events(res.stdout)) assertValidDefinition('changeEvent', e);
    const seen = events(res.stdout).map((e) => [e.time.slice(11, 19), e.hold ?? null, e.lagMs]);
    expect(seen).toEqual([
      ['10:00:00', 'lag ≤ 5s for 0ms of 1m00s', 1000],
      ['10:00:30', null, 9000],
      ['10:00:40', 'lag ≤ 5s for 0ms of 1m00s', 1500],
    ]);
  });
});

describe('stale lag', () => {
  // A steady 3 s lag beside a task that only becomes ready after 3 minutes: by then the lag has not moved for 3 minutes.
  const LATE: SimTask = { timeline: [{ for: 180, status: 'notStarted', stage: 'schema' }, { ...INC, delay: { from: 400, to: 900 } }] };

  it('a lag unchanged for --stale-after (no positions: NineData) does not meet --max-lag; stderr and JSON say it is stale', async () => {
    const s = await nine({ 'rp-frozen00001': { ...INC, delay: 3000 }, 'rp-late0000001': LATE });
    const res = await runVirtual(s, ['status', 'rp-frozen00001', 'rp-late0000001', '--until', 'syncing', '--max-lag', '5s', '--stale-after', '2m', '--timeout', '5m']);
    expect(res.code).toBe(6);
    expect(res.stderr).toMatch(/^error: timed out after 5m00s waiting for "every task syncing with lag <= 5s": rp-frozen00001 lag 3s is stale \(not refreshed by the service\), so it does not count towards --max-lag 5s$/m);
    const out = json(res.stdout);
    assertValidOutput(out);
    expect(out.results[0].details).toEqual({ subtasks: expect.any(Array), lagStale: true });
    expect(Object.keys(out.results[0])).toEqual(['provider', 'kind', 'id', 'phase', 'status', 'progress', 'lagMs', 'stage', 'message', 'observedAt', 'details']);
  });

  it('the same wait with the default (5m) is met once the other task is ready', async () => {
    const s = await nine({ 'rp-frozen00001': { ...INC, delay: 3000 }, 'rp-late0000001': LATE });
    const res = await runVirtual(s, ['status', 'rp-frozen00001', 'rp-late0000001', '--until', 'syncing', '--max-lag', '5s', '--timeout', '10m']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.elapsedMs).toBe(180_000);
    expect(json(res.stdout).results[0].details.lagStale).toBeUndefined();
  });

  it('SYNCSTAT_STALE_AFTER and the config file set it too (the flag wins)', async () => {
    const tasks = { 'rp-frozen00001': { ...INC, delay: 3000 }, 'rp-late0000001': LATE };
    const argv = ['status', 'rp-frozen00001', 'rp-late0000001', '--until', 'syncing', '--max-lag', '5s', '--timeout', '5m'];
    expect((await runVirtual(await nine(tasks), argv, { env: { SYNCSTAT_STALE_AFTER: '2m' } })).code).toBe(6);
    expect((await runVirtual(await nine(tasks), argv, { config: { staleAfter: '2m' } })).code).toBe(6);
    expect((await runVirtual(await nine(tasks), [...argv, '--stale-after', '10m'], { env: { SYNCSTAT_STALE_AFTER: '2m' } })).code).toBe(0);
  });

  it('with positions (UDTS binlog): a steady lag whose position moves is fresh; one whose position stands still is stale', async () => {
    const moving: SimTask = { timeline: Array.from({ length: 40 }, (_, i) => ({ for: 10, Status: 'Syncing', RedisDelayTime: 3, Sync: { BinlogName: 'mysql-bin.000412', BinlogPos: 1000 + i * 10 } })) };
    const still: SimTask = { Status: 'Syncing', RedisDelayTime: 3, Sync: { BinlogName: 'mysql-bin.000412', BinlogPos: 1000 } };
    const late: SimTask = { timeline: [{ for: 180, Status: 'Created' }, { Status: 'Synced', RedisDelayTime: 0 }] };
    const tasks = { 'udts-moving01': moving, 'udts-still001': still, 'udts-late0001': late };
    const argv = ['--until', 'syncing', '--max-lag', '5s', '--stale-after', '2m', '--timeout', '5m'];
    const fresh = await runVirtual(await udts(tasks), ['udts', 'udts-moving01', 'udts-late0001', ...argv]);
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(fresh.elapsedMs).toBe(180_000);
    const stale = await runVirtual(await udts(tasks), ['udts', 'udts-still001', 'udts-late0001', ...argv]);
    expect(stale.code).toBe(6);
    expect(stale.stderr).toContain('udts-still001 lag 3s is stale');
  });

  it('the table shows a stale lag dimmed with "(stale)", in words without colour', async () => {
    const tasks = { 'rp-frozen00001': { ...INC, delay: 3000 }, 'rp-late0000001': LATE };
    const argv = ['status', 'rp-frozen00001', 'rp-late0000001', '--until', 'syncing', '--max-lag', '5s', '--stale-after', '2m', '--timeout', '5m', '-o', 'table'];
    const plain = await runVirtual(await nine(tasks), argv);
    expect(plain.stdout).toMatch(/^rp-frozen00001 +syncing .* 3s \(stale\)$/m);
    const colour = await runVirtual(await nine(tasks), argv, { env: { FORCE_COLOR: '1' } });
    expect(colour.stdout).toContain('\x1b[2m3s (stale)\x1b[22m');
  });

  it('the fleet table shows it too, and the fleet wait is not met by a stale lag', async () => {
    const s = await nine({ 'rp-frozen00001': { ...INC, delay: 3000 }, 'rp-late0000001': LATE });
    const tasks = taskList([{ service: 'ninedata', id: 'rp-frozen00001', name: 'orders' }, { service: 'ninedata', id: 'rp-late0000001', name: 'crm' }]);
    const res = await runVirtual(s, ['fleet', '--tasks', tasks, '--until', 'syncing', '--max-lag', '5s', '--stale-after', '2m', '--timeout', '5m', '-o', 'table']);
    expect(res.code).toBe(6);
    expect(res.stdout).toMatch(/^ninedata +orders .* 3s \(stale\)/m);
    expect(res.stderr).toContain('rp-frozen00001 lag 3s is stale');
  });

  it('CI reports name the stale lag of a task that did not meet the condition', async () => {
    const tasks = { 'rp-frozen00001': { ...INC, delay: 3000 }, 'rp-late0000001': LATE };
    const argv = ['status', 'rp-frozen00001', 'rp-late0000001', '--until', 'syncing', '--max-lag', '5s', '--stale-after', '2m', '--timeout', '5m'];
    const junit = await runVirtual(await nine(tasks), [...argv, '-o', 'junit']);
    expect(junit.code).toBe(6);
    expect(junit.stdout).toContain('rp-frozen00001 lag 3s is stale');
    expect(junit.stdout).toContain('lag 3s (stale)');
    const github = await runVirtual(await nine(tasks), [...argv, '-o', 'github']);
    expect(github.stdout).toMatch(/^::error .*rp-frozen00001 lag 3s is stale/m);
  });

  it('--columns tables and the GitHub step summary show it too', async () => {
    const tasks = { 'rp-frozen00001': { ...INC, delay: 3000 }, 'rp-late0000001': LATE };
    const argv = ['status', 'rp-frozen00001', 'rp-late0000001', '--until', 'syncing', '--max-lag', '5s', '--stale-after', '2m', '--timeout', '5m'];
    const shaped = await runVirtual(await nine(tasks), [...argv, '--columns', 'id,lag,lagMs', '-o', 'table']);
    expect(shaped.stdout).toMatch(/^rp-frozen00001 +3s \(stale\) +3s \(stale\)$/m);
    const summary = join(mkdtempSync(join(tmpdir(), 'syncstat-summary-')), 'summary.md');
    await runVirtual(await nine(tasks), [...argv, '--json'], { env: { GITHUB_STEP_SUMMARY: summary } });
    // Markdown escapes the parentheses.
    expect(readFileSync(summary, 'utf8')).toMatch(/^\| rp-frozen00001 \| .*syncing \| running \| - \| 3s \\\(stale\\\) \|/m);
  });

  it('--watch NDJSON carries lagStale, and the change to stale is an event', async () => {
    const s = await nine({ 'rp-frozen00001': { ...INC, delay: 3000 } });
    const res = await runVirtual(s, ['status', 'rp-frozen00001', '--watch', '--stale-after', '1m', '--timeout', '2m', '-o', 'ndjson']);
    expect(res.code, res.stderr).toBe(0);
    expect(events(res.stdout).map((e) => [e.time.slice(11, 19), e.lagStale])).toEqual([
      ['10:00:00', false],
      ['10:01:00', true],
    ]);
  });

  it('a lag of 0 from a stopped task is not "caught up": --until terminal --max-lag fails at once (exit 1)', async () => {
    const s = await udts({ 'udts-stopped1': { Status: 'Stopped', RedisDelayTime: 0 } });
    const res = await runVirtual(s, ['udts', 'udts-stopped1', '--until', 'terminal', '--max-lag', '5s']);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^error: condition "every task terminal with lag <= 5s" can no longer be met after 0ms: udts-stopped1 is paused \(Stopped\): the lag of 0ms of a task that is not syncing is not "caught up", so it cannot meet --max-lag 5s$/m);
    // Without --max-lag a stopped task is terminal.
    expect((await runVirtual(s, ['udts', 'udts-stopped1', '--until', 'terminal'])).code).toBe(0);
  });
});

describe('services that report no lag, under --max-lag', () => {
  const NOTE = /^drs jobs report no lag: --max-lag judged on phase only$/m;

  it('batch: a syncing DRS job meets --max-lag on its phase, and stderr says so once', async () => {
    sim = await startVirtualSim();
    const res = await runVirtual(sim, ['batch', DRS_JOBS.syncing, '--until', 'syncing', '--max-lag', '5s']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr.match(new RegExp(NOTE.source, 'gm'))).toHaveLength(1);
  });

  it('starrocks says the same of its tasks', async () => {
    sim = await startVirtualSim();
    const res = await runVirtual(sim, ['starrocks', STARROCKS_IN07, '--until', 'syncing', '--max-lag', '5s']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toMatch(/^starrocks sync tasks report no lag: --max-lag judged on phase only$/m);
  });

  it('fleet: a wave of a NineData task (lag judged) and a DRS job (phase judged) is met', async () => {
    sim = await startVirtualSim({ ...DEFAULT_SCENARIO, ninedata: { replications: { 'rp-wave000001': { ...INC, timeline: [{ for: 600, delay: { from: 9000, to: 1000 } }] } } } });
    const tasks = taskList([{ service: 'ninedata', id: 'rp-wave000001', name: 'orders' }, { service: 'drs', id: DRS_JOBS.syncing, name: 'crm' }]);
    const res = await runVirtual(sim, ['fleet', '--tasks', tasks, '--until', 'syncing', '--max-lag', '5s', '--timeout', '20m']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toMatch(NOTE);
    // The lag falls from 9 s to 1 s over 10 minutes: 5 s after 5 minutes.
    expect(res.elapsedMs).toBe(300_000);
  });

  it('--for holds their phase: a DRS job syncing on every poll for 2 minutes (with or without --max-lag)', async () => {
    sim = await startVirtualSim();
    const res = await runVirtual(sim, ['batch', DRS_JOBS.syncing, '--until', 'syncing', '--for', '2m', '--max-lag', '5s']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.elapsedMs).toBe(120_000);
    expect(res.stderr).toContain(`(${DRS_JOBS.syncing} syncing for 0ms of 2m00s)`);
    const timeout = await runVirtual(sim, ['batch', DRS_JOBS.syncing, '--until', 'syncing', '--for', '2m', '--timeout', '1m']);
    expect(timeout.code).toBe(6);
    expect(timeout.stderr).toMatch(new RegExp(`^error: timed out after 1m00s waiting for "every task syncing for 2m00s": ${DRS_JOBS.syncing} syncing for 50s of 2m00s$`, 'm'));
  });

  it('no note without --max-lag', async () => {
    sim = await startVirtualSim();
    const res = await runVirtual(sim, ['batch', DRS_JOBS.syncing, '--until', 'syncing']);
    expect(res.code).toBe(0);
    expect(res.stderr).not.toMatch(/report no lag/);
  });
});

describe('ETA of a full load', () => {
  // 1% a minute from 40%: 60 minutes to go.
  const SLOW: SimTask = { status: 'running', stage: 'full', timeline: [{ for: 6000, percent: { from: 40, to: 140 } }] };
  const FLAT: SimTask = { status: 'running', stage: 'full', percent: 40 };

  it('--watch events and the table show it once there is a rate', async () => {
    const s = await nine({ 'rp-fullload0001': SLOW });
    const res = await runVirtual(s, ['status', 'rp-fullload0001', '--watch', '--timeout', '1m', '--interval', '20s', '-o', 'ndjson']);
    expect(res.code, res.stderr).toBe(0);
    for (const e of events(res.stdout)) assertValidDefinition('changeEvent', e);
    const etas = events(res.stdout).map((e) => e.etaMs);
    expect(etas[0]).toBeNull();
    expect(etas[1]).toBeNull();
    // 40.67% at 40 s (the simulator rounds to 0.01), 1%/min: about 59m20s left.
    expect(etas[2]).toBeGreaterThan(3_500_000);
    expect(etas[2]).toBeLessThan(3_600_000);
    const table = await runVirtual(await nine({ 'rp-fullload0001': SLOW }), ['status', 'rp-fullload0001', '--until', 'syncing', '--timeout', '1m', '--interval', '20s', '-o', 'table']);
    expect(table.stdout).toMatch(/ 40\.7% ETA 59m /);
  });

  it('the live table on a terminal shows the ETA; the live progress line shows a hold', async () => {
    const live = await runVirtual(await nine({ 'rp-fullload0001': SLOW }), ['status', 'rp-fullload0001', '--watch', '--timeout', '1m', '--interval', '20s'], { stdoutIsTTY: true, stderrIsTTY: true, columns: 120, rows: 20 });
    expect(live.code, live.stderr).toBe(0);
    const screen = live.stdout.split('\x1b[H\x1b[2J').at(-1)!.replace(/\x1b\[[0-9;]*m/g, '');
    expect(screen).toMatch(/^• rp-fullload0001 +running +running +full +40\.7% ETA 59m +-$/m);
    const hold = await runVirtual(await nine({ 'rp-steady00001': { ...INC, timeline: [{ for: 600, delay: { from: 1000, to: 3000 } }] } }), ['status', 'rp-steady00001', '--until', 'syncing', '--max-lag', '5s', '--for', '1m', '-o', 'json'], { stderrIsTTY: true });
    expect(hold.code).toBe(0);
    expect(hold.stderr).toContain('rp-steady00001 lag ≤ 5s for 50s of 1m00s');
  });

  it('no ETA when progress is flat', async () => {
    const res = await runVirtual(await nine({ 'rp-fullload0001': FLAT }), ['status', 'rp-fullload0001', '--until', 'syncing', '--timeout', '2m', '-o', 'table']);
    expect(res.code).toBe(6);
    expect(res.stdout).not.toContain('ETA');
    expect(res.stderr).not.toContain('%/min');
    expect(json((await runVirtual(await nine({ 'rp-fullload0001': FLAT }), ['status', 'rp-fullload0001', '--until', 'syncing', '--timeout', '2m', '--json'])).stdout).results[0].details.etaMs).toBeUndefined();
  });

  it('UDTS counts give the rate when the API has them', async () => {
    const s = await udts({ 'udts-dumping1': { Status: 'Dumping', TotalCount: 1_000_000, timeline: [{ for: 6000, CurCount: { from: 0, to: 1_000_000 }, Percentage: 1 }] } });
    const res = await runVirtual(s, ['udts', 'udts-dumping1', '--until', 'syncing', '--timeout', '30s', '--json']);
    // 1,000,000 rows over 100 minutes: after 20 s, 99m40s to go, though the percentage stands still.
    expect(json(res.stdout).results[0].details.etaMs).toBeCloseTo(5_980_000, -2);
  });

  it('a --until wait that cannot finish in time by that rate says so once on stderr, without failing', async () => {
    const s = await nine({ 'rp-fullload0001': SLOW });
    const res = await runVirtual(s, ['status', 'rp-fullload0001', '--until', 'syncing', '--timeout', '30m']);
    expect(res.code).toBe(6);
    expect(res.elapsedMs).toBe(1_800_000);
    const lines = res.stderr.split('\n').filter((l) => l.includes('%/min'));
    expect(lines).toEqual(['warning: rp-fullload0001: at 1.0%/min, 60% left needs ~1h00m, beyond --timeout 30m (30m left)']);
  });

  it('--fail-early ends it at once with that line (exit 6)', async () => {
    const s = await nine({ 'rp-fullload0001': SLOW });
    const res = await runVirtual(s, ['status', 'rp-fullload0001', '--until', 'syncing', '--timeout', '30m', '--fail-early']);
    expect(res.code).toBe(6);
    expect(res.elapsedMs).toBe(20_000);
    expect(res.stderr).toMatch(/^error: rp-fullload0001: at 1\.0%\/min, 60% left needs ~1h00m, beyond --timeout 30m \(30m left\) \(--fail-early\)$/m);
    expect(json(res.stdout).results[0].progress).toBeCloseTo(40.33, 1);
  });

  it('--fail-early does not fire for a load that will finish in time, nor for a flat one', async () => {
    const tasks = { 'rp-fullload0001': SLOW, 'rp-flat00000001': FLAT };
    const ok = await runVirtual(await nine(tasks), ['status', 'rp-fullload0001', '--until', 'syncing', '--timeout', '3h', '--fail-early', '--interval', '1m']);
    expect(ok.stderr).not.toContain('%/min');
    const flat = await runVirtual(await nine(tasks), ['status', 'rp-flat00000001', '--until', 'syncing', '--timeout', '1m', '--fail-early']);
    expect(flat.code).toBe(6);
    expect(flat.elapsedMs).toBe(60_000);
  });

  it('the fleet names the task by its name', async () => {
    const s = await nine({ 'rp-fullload0001': SLOW });
    const res = await runVirtual(s, ['fleet', '--tasks', taskList([{ service: 'ninedata', id: 'rp-fullload0001', name: 'orders' }]), '--until', 'syncing', '--timeout', '30m', '--fail-early', '-o', 'table']);
    expect(res.code).toBe(6);
    expect(res.stderr).toMatch(/^error: orders: at 1\.0%\/min, 60% left needs ~1h00m, beyond --timeout 30m/m);
    expect(res.stdout).toMatch(/ 40\.3% ETA 1h00m /);
  });
});

describe('usage errors of the new flags (exit 2, one line, no request)', () => {
  const CASES: Array<[string[], RegExp]> = [
    [['status', 'rp-div0t0awwobr', '--for', '2m'], /^syncstat: error: --for needs --until\. e\.g\. --until syncing --max-lag 5s --for 2m$/],
    [['fleet', '--tasks', taskList([{ service: 'drs', id: DRS_JOBS.syncing }]), '--watch', '--for', '2m'], /--for needs --until/],
    [['batch', DRS_JOBS.syncing, '--max-lag', '5s', '--for', '2m'], /--max-lag needs --until/],
    [['status', 'rp-div0t0awwobr', '--until', 'syncing', '--max-lag', '5s', '--for', 'soon'], /invalid --for "soon"/],
    [['status', 'rp-div0t0awwobr', '--until', 'syncing', '--max-lag', '5s', '--for', '0s'], /--for must be more than 0/],
    [['udts', 'udts-ixdp441', '--fail-early'], /^syncstat: error: --fail-early needs --until\. e\.g\. --until syncing --timeout 1h --fail-early$/],
    [['udts', 'udts-ixdp441', '--watch', '--fail-early'], /--fail-early needs --until/],
    [['batch', DRS_JOBS.syncing, '--stale-after', '5m'], /^syncstat: error: --stale-after needs --until or --watch\. e\.g\. --until syncing --stale-after 10m$/],
    [['starrocks', STARROCKS_SMALL, '--watch', '--stale-after', 'x'], /invalid --stale-after "x"/],
    [['status', 'rp-div0t0awwobr', '--watch', '--stale-after', '0'], /--stale-after must be more than 0/],
  ];
  it.each(CASES)('%j', async (argv, message) => {
    sim = await startVirtualSim();
    const res = await runVirtual(sim, argv);
    expect(res.code, res.stderr).toBe(2);
    expect(res.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(res.stderr.trimEnd()).toMatch(message);
    expect(sim.requests.length).toBe(0);
  });

  it('a bad SYNCSTAT_STALE_AFTER or config staleAfter is a configuration error (exit 3), named where it was set', async () => {
    sim = await startVirtualSim();
    const env = await runVirtual(sim, ['status', 'rp-div0t0awwobr', '--watch', '--timeout', '10s'], { env: { SYNCSTAT_STALE_AFTER: 'later' } });
    expect(env.code).toBe(3);
    expect(env.stderr.trimEnd()).toMatch(/^syncstat: error: invalid SYNCSTAT_STALE_AFTER "later"\. Use a duration more than 0, e\.g\. 5m, or unset SYNCSTAT_STALE_AFTER$/);
    const file = await runVirtual(sim, ['status', 'rp-div0t0awwobr', '--watch', '--timeout', '10s'], { config: { staleAfter: 'later' } });
    expect(file.code).toBe(3);
    expect(file.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(file.stderr).toMatch(/staleAfter/);
    // Not waiting: the setting is not read.
    expect((await runVirtual(sim, ['status', 'rp-div0t0awwobr'], { env: { SYNCSTAT_STALE_AFTER: 'later' } })).code).toBe(0);
  });
});
