import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run.js';
import { makeResult, PHASES, type Report } from '../../src/core/model.js';
import { DRS_JOBS, STARROCKS_SMALL } from '../../src/providers/huawei/sim/scenario.js';
import { inShard, parseShard } from '../../src/serve/shard.js';
import { TaskStates } from '../../src/serve/state.js';
import { parseExposition, pick, valueOf } from '../exposition.js';
import { startVirtualSim, type VirtualSim } from '../inproc.js';

// `syncstat serve` in-process: the simulator on a virtual clock, the exporter's sleeps between polls
// held until the test lets the next poll run, SIGTERM and SIGHUP sent through the injected io.

const INTERVAL_MS = 30_000;

let sim: VirtualSim | undefined;
const running: ServeRun[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) await r.stop();
  await sim?.close();
  sim = undefined;
});

/** Polls `check` (no fixed sleep) until it holds or a generous deadline passes. */
async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

interface ServeRun {
  done: Promise<number>;
  stderr(): string;
  url: string;
  /** Polls finished so far (the exporter sleeps after each). */
  polls(): number;
  /** Lets the exporter run its next poll and waits for it to finish. */
  nextPoll(): Promise<void>;
  hangup(): void;
  stop(signal?: 'SIGTERM' | 'SIGINT'): Promise<number>;
  metrics(): Promise<ReturnType<typeof parseExposition>>;
}

function taskFile(tasks: unknown, dir = mkdtempSync(join(tmpdir(), 'syncstat-serve-'))): string {
  const file = join(dir, 'fleet.json');
  writeFileSync(file, JSON.stringify({ tasks }));
  return file;
}

/** Starts `syncstat serve <args>` in-process on a free port; resolves once it listens (or ends). */
async function startServe(s: VirtualSim, args: string[], opts: { waitListening?: boolean; config?: object; env?: Record<string, string> } = {}): Promise<ServeRun & { config: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'syncstat-serve-home-'));
  const config = join(dir, 'config.json');
  writeFileSync(config, JSON.stringify(opts.config ?? {}));
  const controller = new AbortController();
  const hangups = new Set<() => void>();
  const held: Array<{ ms: number; resolve: () => void }> = [];
  let sleeps = 0;
  let err = '';
  const io: CliIo = {
    env: { HOME: dir, XDG_CACHE_HOME: join(dir, 'cache'), XDG_CONFIG_HOME: join(dir, 'config'), ...s.env, ...opts.env },
    cwd: dir,
    stdout: { write: () => true },
    stderr: { write: (t: string) => (err += t) },
    stdoutIsTTY: false,
    stderrIsTTY: false,
    now: s.clock.now,
    // The wait between polls is held for the test; any other sleep (a retry, a throttled pause) passes
    // at once and takes no virtual time, so a poll always ends when it began and the wait is the interval.
    sleep: (ms, signal) =>
      new Promise<void>((resolve) => {
        if (ms !== INTERVAL_MS) return resolve();
        sleeps++;
        if (signal?.aborted) return resolve();
        const entry = { ms, resolve: () => (held.splice(held.indexOf(entry), 1), resolve()) };
        held.push(entry);
        signal?.addEventListener('abort', () => held.includes(entry) && entry.resolve(), { once: true });
      }),
    random: () => 0.5,
    signal: controller.signal,
    homedir: dir,
    onHangup: (listener) => (hangups.add(listener), () => void hangups.delete(listener)),
  };
  const done = runCli(['serve', '--listen', '127.0.0.1:0', '--interval', `${INTERVAL_MS / 1000}s`, '--config', config, ...args], io);
  let finished = false;
  void done.then(() => (finished = true));
  if (opts.waitListening !== false) await until(() => finished || /listening on http:\/\/\S+/.test(err), 'serve to listen');
  const url = /listening on (http:\/\/\S+)/.exec(err)?.[1] ?? '';
  const run: ServeRun & { config: string } = {
    config,
    done,
    url,
    stderr: () => err,
    polls: () => sleeps,
    nextPoll: async () => {
      const before = sleeps;
      await until(() => held.length > 0 || finished, 'the exporter to wait for its next poll');
      const entry = held[0];
      if (entry) {
        s.clock.advance(entry.ms);
        entry.resolve();
      }
      await until(() => sleeps > before || finished, 'the next poll');
    },
    hangup: () => hangups.forEach((h) => h()),
    stop: async (signal = 'SIGTERM') => {
      if (!controller.signal.aborted) controller.abort(signal);
      return done;
    },
    metrics: async () => parseExposition(await (await fetch(`${url}/metrics`)).text()),
  };
  running.push(run);
  return run;
}

const FLEET = [
  { service: 'ninedata', id: 'rp-div0t0awwobr', name: 'orders', labels: { env: 'prod', wave: '3' } },
  { service: 'ninedata', id: 'rp-fullload0001', name: 'inventory' },
  { service: 'udts', id: 'udts-failed01', name: 'archive', labels: { env: 'staging' } },
  { service: 'drs', id: DRS_JOBS.syncing, name: 'crm' },
  { service: 'starrocks', instance: STARROCKS_SMALL, name: 'analytics', tasks: ['orders_sync'] },
  { service: 'ninedata', id: 'rp-nosuchtask01', name: 'ghost' },
];

describe('syncstat serve', () => {
  it('serves the task series after the first poll: phases, lag, progress, up; a task that cannot be read keeps its series', async () => {
    sim = await startVirtualSim();
    const serve = await startServe(sim, ['--tasks', taskFile(FLEET)]);
    await until(() => serve.polls() >= 1, 'the first poll');
    const s = await serve.metrics();
    const orders = { provider: 'ninedata', kind: 'replication', id: 'rp-div0t0awwobr', name: 'orders', env: 'prod', wave: '3' };
    for (const p of PHASES) expect(valueOf(s, 'syncstat_task_phase', { ...orders, phase: p })).toBe(p === 'syncing' ? 1 : 0);
    expect(valueOf(s, 'syncstat_task_lag_seconds', orders)).toBe(0.672);
    expect(valueOf(s, 'syncstat_task_up', orders)).toBe(1);
    expect(valueOf(s, 'syncstat_task_lag_stale', orders)).toBe(0);
    expect(valueOf(s, 'syncstat_task_observed_timestamp_seconds', orders)).toBe(sim.clock.now() / 1000);
    expect(valueOf(s, 'syncstat_task_progress_ratio', { id: 'rp-fullload0001' })).toBe(0.635);
    expect(valueOf(s, 'syncstat_task_phase', { id: 'udts-failed01', phase: 'failed' })).toBe(1);
    expect(valueOf(s, 'syncstat_task_phase', { name: 'analytics', id: 'orders_sync', kind: 'starrocks', phase: 'syncing' })).toBe(1);
    const ghost = { id: 'rp-nosuchtask01', name: 'ghost', kind: 'replication' };
    expect(pick(s, 'syncstat_task_phase', ghost).map((x) => x.value)).toEqual(PHASES.map(() => 0));
    expect(valueOf(s, 'syncstat_task_up', ghost)).toBe(0);
    expect(pick(s, 'syncstat_task_error_info', ghost)).toHaveLength(1);
    // The exporter's own health.
    expect(valueOf(s, 'syncstat_tasks', { provider: 'ninedata' })).toBe(3);
    expect(valueOf(s, 'syncstat_tasks', { provider: 'huawei' })).toBe(2);
    // Outcomes by HTTP status: NineData answers an unknown id with HTTP 200 and success false.
    expect(valueOf(s, 'syncstat_requests_total', { provider: 'ninedata', outcome: 'ok' })).toBe(3);
    expect(valueOf(s, 'syncstat_request_duration_seconds_count', { provider: 'ucloud' })).toBe(1);
    expect(valueOf(s, 'syncstat_poll_duration_seconds_count')).toBe(1);
    expect(valueOf(s, 'syncstat_last_successful_poll_timestamp_seconds')).toBe(sim.clock.now() / 1000);
    // A poll with an error says so on stderr, in one line (no --debug needed).
    expect(serve.stderr()).toMatch(/^warning: poll: 6 tasks, 1 with errors \(ninedata rp-nosuchtask01: \S+\) in /m);
  });

  it('calls a lag stale once the service repeats it for 5 minutes and 3 polls (the rule of --until --max-lag); the observed time is its last change', async () => {
    sim = await startVirtualSim();
    const serve = await startServe(sim, ['--tasks', taskFile(FLEET.slice(0, 1))]);
    await until(() => serve.polls() >= 1, 'the first poll');
    const firstSeen = sim.clock.now() / 1000;
    const orders = { id: 'rp-div0t0awwobr', name: 'orders' };
    // The simulated task reports the same 672 ms at every poll: no sign that the service refreshes it.
    while (sim.clock.now() / 1000 - firstSeen < 300) {
      expect(valueOf(await serve.metrics(), 'syncstat_task_lag_stale', orders)).toBe(0);
      await serve.nextPoll();
    }
    const s = await serve.metrics();
    expect(valueOf(s, 'syncstat_task_lag_seconds', orders)).toBe(0.672);
    expect(valueOf(s, 'syncstat_task_lag_stale', orders)).toBe(1);
    expect(valueOf(s, 'syncstat_task_observed_timestamp_seconds', orders)).toBe(firstSeen);
  });

  it('--stale-after (or SYNCSTAT_STALE_AFTER) sets when a repeated lag is stale; a bad value stops it before listening', async () => {
    sim = await startVirtualSim();
    const serve = await startServe(sim, ['--tasks', taskFile(FLEET.slice(0, 1)), '--stale-after', '2m']);
    await until(() => serve.polls() >= 1, 'the first poll');
    const firstSeen = sim.clock.now();
    const orders = { id: 'rp-div0t0awwobr', name: 'orders' };
    while (sim.clock.now() - firstSeen < 120_000) {
      expect(valueOf(await serve.metrics(), 'syncstat_task_lag_stale', orders)).toBe(0);
      await serve.nextPoll();
    }
    expect(valueOf(await serve.metrics(), 'syncstat_task_lag_stale', orders)).toBe(1);
    await serve.stop();
    const bad = await startServe(sim, ['--tasks', taskFile(FLEET.slice(0, 1))], { waitListening: false, env: { SYNCSTAT_STALE_AFTER: 'soon' } });
    expect(await bad.done).toBe(3);
    expect(bad.stderr()).toMatch(/^syncstat: error: invalid SYNCSTAT_STALE_AFTER "soon"/m);
  });

  it("keeps a service's own concurrency (profiles.<p>.<provider>.concurrency), counted at the simulator", async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `rp-cap${String(i).padStart(9, '0')}`);
    sim = await startVirtualSim({
      ninedata: { replications: Object.fromEntries(ids.map((id) => [id, { status: 'running', stage: 'inc_writer', delay: 100 }])) },
      // Each request stays in flight 40 ms (real time), long enough for the workers to pile up.
      faults: [{ type: 'latency', ms: 40 }],
    });
    const serve = await startServe(sim, ['--tasks', taskFile(ids.map((id) => ({ service: 'ninedata', id })))], { config: { profiles: { default: { ninedata: { concurrency: 2 } } } } });
    await until(() => serve.polls() >= 1, 'the first poll');
    expect(valueOf(await serve.metrics(), 'syncstat_requests_total', { provider: 'ninedata', outcome: 'ok' })).toBe(12);
    expect(sim.peakInFlight.ninedata).toBe(2);
  });

  it('/healthz answers while it runs, /ready only once the first poll is done (503 before)', async () => {
    sim = await startVirtualSim({ faults: [{ type: 'latency', ms: 1500, service: 'ninedata', times: 1 }] });
    const serve = await startServe(sim, ['--tasks', taskFile(FLEET.slice(0, 1))]);
    const ready = await fetch(`${serve.url}/ready`);
    expect(ready.status).toBe(503);
    expect((await fetch(`${serve.url}/healthz`)).status).toBe(200);
    await until(() => serve.polls() >= 1, 'the first poll');
    expect((await fetch(`${serve.url}/ready`)).status).toBe(200);
    expect((await fetch(`${serve.url}/nope`)).status).toBe(404);
    expect((await fetch(`${serve.url}/metrics`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${serve.url}/metrics`)).headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('polls every interval: a task the simulator fails flips its phase on the next poll; lag follows the service', async () => {
    sim = await startVirtualSim({
      ninedata: { replications: { 'rp-flipper00001': { timeline: [{ for: 45, status: 'running', stage: 'inc_writer', delay: 4000 }, { status: 'failed', stage: 'inc_writer', delay: 4000 }] } } },
    } as never);
    const serve = await startServe(sim, ['--tasks', taskFile([{ service: 'ninedata', id: 'rp-flipper00001' }])]);
    await until(() => serve.polls() >= 1, 'the first poll');
    expect(valueOf(await serve.metrics(), 'syncstat_task_phase', { phase: 'syncing' })).toBe(1);
    await serve.nextPoll(); // 30 s in: still syncing
    expect(valueOf(await serve.metrics(), 'syncstat_task_phase', { phase: 'failed' })).toBe(0);
    await serve.nextPoll(); // 60 s in: failed
    const s = await serve.metrics();
    expect(valueOf(s, 'syncstat_task_phase', { phase: 'failed' })).toBe(1);
    expect(valueOf(s, 'syncstat_task_phase', { phase: 'syncing' })).toBe(0);
    expect(valueOf(s, 'syncstat_task_lag_seconds')).toBe(4);
    expect(valueOf(s, 'syncstat_poll_duration_seconds_count')).toBe(3);
  });

  it('counts throttled answers by provider (UDTS throttles with RetCode 153 in an HTTP 200), and each request', async () => {
    sim = await startVirtualSim({ faults: [{ type: 'throttle', service: 'ucloud', retryAfter: 1, times: 2 }] });
    const serve = await startServe(sim, ['--tasks', taskFile([{ service: 'udts', id: 'udts-ixdp441' }])]);
    await until(() => serve.polls() >= 1, 'the first poll');
    const s = await serve.metrics();
    expect(valueOf(s, 'syncstat_throttled_total', { provider: 'ucloud' })).toBe(2);
    expect(valueOf(s, 'syncstat_requests_total', { provider: 'ucloud', outcome: 'ok' })).toBe(3);
    expect(valueOf(s, 'syncstat_task_up')).toBe(1);
  });

  it('counts throttled answers of a service with its own concurrency cap too', async () => {
    sim = await startVirtualSim({ faults: [{ type: 'throttle', service: 'ucloud', retryAfter: 1, times: 2 }] });
    const serve = await startServe(sim, ['--tasks', taskFile([{ service: 'udts', id: 'udts-ixdp441' }])], { config: { profiles: { default: { ucloud: { concurrency: 2 } } } } });
    await until(() => serve.polls() >= 1, 'the first poll');
    const s = await serve.metrics();
    expect(valueOf(s, 'syncstat_throttled_total', { provider: 'ucloud' })).toBe(2);
    expect(valueOf(s, 'syncstat_requests_total', { provider: 'ucloud', outcome: 'ok' })).toBe(3);
  });

  it('SIGHUP re-reads the task list: new tasks are polled at once, removed ones lose their series; a broken list keeps the old one', async () => {
    sim = await startVirtualSim();
    const file = taskFile(FLEET.slice(0, 2));
    const serve = await startServe(sim, ['--tasks', file]);
    await until(() => serve.polls() >= 1, 'the first poll');
    writeFileSync(file, JSON.stringify({ tasks: [FLEET[1], { service: 'udts', id: 'udts-ixdp441', name: 'payments' }] }));
    serve.hangup();
    await until(() => /task list reloaded \(SIGHUP\): 2 of the 2 tasks/.test(serve.stderr()), 'the reload');
    await until(() => serve.polls() >= 2, 'the poll after the reload');
    let s = await serve.metrics();
    expect(pick(s, 'syncstat_task_up').map((x) => x.labels.name)).toEqual(['inventory', 'payments']);
    expect(valueOf(s, 'syncstat_tasks', { provider: 'ucloud' })).toBe(1);

    writeFileSync(file, '{ "tasks": [ { "service": "dsr", "id": "x" } ] }');
    serve.hangup();
    await until(() => /task list not reloaded \(SIGHUP\), keeping the previous one: .*unknown service "dsr" \(did you mean "drs"\?\)/.test(serve.stderr()), 'the refused reload');
    await serve.nextPoll();
    s = await serve.metrics();
    expect(pick(s, 'syncstat_task_up').map((x) => x.labels.name)).toEqual(['inventory', 'payments']);
  });

  it('without --tasks: tasks: of the profile in the config file, re-read from the file on SIGHUP', async () => {
    sim = await startVirtualSim();
    const serve = await startServe(sim, ['--profile', 'wave3'], { config: { profiles: { wave3: { tasks: FLEET.slice(0, 1) } } } });
    await until(() => serve.polls() >= 1, 'the first poll');
    expect(serve.stderr()).toMatch(/1 of the 1 tasks of \S+config\.json \(profiles\.wave3\.tasks\)/);
    writeFileSync(serve.config, JSON.stringify({ profiles: { wave3: { tasks: FLEET.slice(0, 3) } } }));
    serve.hangup();
    await until(() => /task list reloaded \(SIGHUP\): 3 of the 3 tasks/.test(serve.stderr()), 'the reload from the config file');
    await until(async () => pick(await serve.metrics(), 'syncstat_task_up').length === 3, 'the new tasks polled');
  });

  it('a change to the task list file reloads it (fs.watch on its folder)', async () => {
    sim = await startVirtualSim();
    const file = taskFile(FLEET.slice(0, 1));
    const serve = await startServe(sim, ['--tasks', file]);
    await until(() => serve.polls() >= 1, 'the first poll');
    writeFileSync(file, JSON.stringify({ tasks: FLEET.slice(0, 2) }));
    await until(() => /task list reloaded \(file changed\): 2 of the 2 tasks/.test(serve.stderr()), 'the reload on change');
    await until(async () => pick(await serve.metrics(), 'syncstat_task_up').length === 2, 'the new task polled');
  });

  it('SIGTERM (and Ctrl-C) stops it: exit 0, the server closed', async () => {
    sim = await startVirtualSim();
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const serve = await startServe(sim, ['--tasks', taskFile(FLEET.slice(0, 1))]);
      await until(() => serve.polls() >= 1, 'the first poll');
      expect(await serve.stop(signal)).toBe(0);
      expect(serve.stderr()).toMatch(new RegExp(`syncstat serve: stopped \\(${signal}\\)`));
      await expect(fetch(`${serve.url}/healthz`)).rejects.toThrow();
    }
  });

  it.each([
    [['--listen', 'localhost'], /^syncstat: error: --listen "localhost" is not host:port/],
    [['--listen', '127.0.0.1:99999'], /^syncstat: error: --listen "127.0.0.1:99999" is not host:port/],
    [['--shard', '2/2'], /^syncstat: error: --shard "2\/2" is not i\/n with 0 <= i < n <= 1024/],
    [['--shard', 'half'], /^syncstat: error: --shard "half" is not i\/n/],
    [['--tasks', '-'], /^syncstat: error: syncstat serve re-reads its task list .*: --tasks - \(stdin\) cannot be read again/],
    [['--interval', 'soon'], /^syncstat: error: .*--interval/],
  ])('bad flags %j: exit 2, one line, no request', async (args, message) => {
    sim = await startVirtualSim();
    const serve = await startServe(sim, ['--tasks', taskFile(FLEET.slice(0, 1)), ...args]);
    expect(await serve.done).toBe(2);
    expect(serve.stderr().trimEnd().split('\n')).toHaveLength(1);
    expect(serve.stderr()).toMatch(message);
    expect(sim.requests).toHaveLength(0);
  });

  it('a bad task list at start: exit 2 naming the entry', async () => {
    sim = await startVirtualSim();
    const serve = await startServe(sim, ['--tasks', taskFile([{ service: 'ninedata' }])]);
    expect(await serve.done).toBe(2);
    expect(serve.stderr()).toMatch(/^syncstat: error: --tasks \S+: tasks\[0\]\.id is missing/);
  });

  it('a port in use: exit 5, one line', async () => {
    sim = await startVirtualSim();
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    try {
      const serve = await startServe(sim, ['--tasks', taskFile(FLEET.slice(0, 1)), '--listen', `127.0.0.1:${port}`]);
      expect(await serve.done).toBe(5);
      expect(serve.stderr()).toBe(`syncstat: error: cannot listen on 127.0.0.1:${port}: the port is in use. Pick another address or port with --listen\n`);
    } finally {
      blocker.close();
    }
  });

  it('--shard 0/2 and 1/2 together poll every task of the list exactly once', async () => {
    sim = await startVirtualSim();
    const file = taskFile(FLEET);
    const shards = [await startServe(sim, ['--tasks', file, '--shard', '0/2']), await startServe(sim, ['--tasks', file, '--shard', '1/2'])];
    await until(() => shards.every((s) => s.polls() >= 1), 'both first polls');
    const ids = (await Promise.all(shards.map((s) => s.metrics()))).flatMap((s) => pick(s, 'syncstat_task_up').map((x) => x.labels.name));
    expect(ids.sort()).toEqual(FLEET.map((t) => t.name).sort());
    expect(shards[0].stderr()).toMatch(/of the 6 tasks of --tasks \S+ \(shard 0\/2\)/);
  });
});

describe('shards', () => {
  it('every task is in exactly one shard of n, whatever n', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('ninedata', 'udts', 'drs', 'starrocks'), fc.string({ minLength: 1 })), { maxLength: 30 }), fc.integer({ min: 1, max: 16 }), (tasks, n) => {
        for (const [service, id] of tasks) {
          const owners = Array.from({ length: n }, (_, i) => i).filter((i) => inShard({ index: i, count: n }, service, id));
          expect(owners).toHaveLength(1);
        }
      }),
    );
  });

  it('the hash is stable (FNV-1a of "service/id"): a known task stays in its shard across versions', () => {
    expect(parseShard('1/3')).toEqual({ index: 1, count: 3 });
    expect([0, 1, 2].filter((i) => inShard({ index: i, count: 3 }, 'ninedata', 'rp-div0t0awwobr'))).toEqual([1]);
  });
});

describe('task states', () => {
  const entry = (over: Record<string, unknown> = {}) => ({ task: { index: 0, service: 'svc', id: 'inst-1', labels: {}, ...over }, provider: 'prov', fleet: { service: 'svc', rowKey: 'instanceId' } });
  const row = (id: string, phase: 'syncing' | 'unknown', lagMs: number | null = 1000) => makeResult({ provider: 'prov', kind: 'k', id, phase, status: phase === 'unknown' ? 'Weird' : 'ok', lagMs, observedAt: '2026-11-25T10:00:00.000Z', details: { instanceId: 'inst-1' } });
  const report = (results: Report['results'], errors: Report['errors'] = []): Report => ({ results, errors, raw: [], warnings: [] });
  const failure = { id: 'inst-1', provider: 'prov', code: 'HTTP_503', message: 'down', requestId: null, exitCode: 5 };

  it('an entry that errs after it was read keeps every row with its last phase and lag, up 0 and the code', () => {
    const states = new TaskStates();
    states.setTasks([entry()]);
    states.apply('svc', report([row('a', 'syncing'), row('b', 'unknown')]), 1000);
    states.apply('svc', report([], [failure]), 2000);
    expect(states.samples()).toEqual([
      expect.objectContaining({ labels: expect.objectContaining({ id: 'a', kind: 'k' }), phase: 'syncing', lagSeconds: 1, up: false, errorCode: 'HTTP_503', observedSeconds: 1 }),
      expect.objectContaining({ labels: expect.objectContaining({ id: 'b' }), phase: 'unknown', up: false, errorCode: 'HTTP_503' }),
    ]);
    states.apply('svc', report([row('a', 'syncing', null)]), 3000);
    // Back: up again; a row the instance no longer lists is gone; no lag reported, no lag series.
    expect(states.samples()).toEqual([expect.objectContaining({ labels: expect.objectContaining({ id: 'a' }), up: true, lagSeconds: null, observedSeconds: 3 })]);
  });

  it('an entry never read that errs has a row per task it names, phase unknown to us (every phase 0)', () => {
    const states = new TaskStates();
    states.setTasks([entry({ select: ['x', 'y'] })]);
    states.apply('svc', report([], [failure]), 1000);
    expect(states.samples().map((s) => [s.labels.id, s.labels.kind, s.phase, s.up])).toEqual([['x', 'svc', null, false], ['y', 'svc', null, false]]);
  });

  it('a reload keeps what was read of the entries still listed', () => {
    const states = new TaskStates();
    states.setTasks([entry()]);
    states.apply('svc', report([row('a', 'syncing')]), 1000);
    states.setTasks([entry(), entry({ id: 'inst-2', index: 1 })]);
    expect(states.samples().map((s) => [s.labels.id, s.up])).toEqual([['a', true]]);
    expect(states.counts()).toEqual(new Map([['prov', 2]]));
  });
});
