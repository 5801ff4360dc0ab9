import { mkdtempSync, writeFileSync } from 'node:fs';
import { DEFAULT_SCENARIO, demoEnv } from './sims.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../src/cli/run.js';
import type { CliIo } from '../src/cli/io.js';
import { startSimulator, type RunningSim } from '../src/sim/server.js';
import type { Scenario } from '../src/sim/types.js';

/**
 * The CLI run in-process on a virtual clock, as gh tests `run watch` with a fixed Now and Interval 0:
 * every sleep advances the clock at once, and the simulator's timelines read the same clock, so a
 * wait of minutes runs in milliseconds and never depends on how fast this machine is.
 */
export interface VirtualRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Virtual milliseconds that passed. */
  elapsedMs: number;
}

export interface Clock {
  now(): number;
  advance(ms: number): void;
}

export function virtualClock(start = Date.parse('2026-11-25T10:00:00.000Z')): Clock {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

export interface VirtualSim extends RunningSim {
  clock: Clock;
  env: Record<string, string>;
}

/** The simulator on the virtual clock (its timelines start at the clock's start). */
export async function startVirtualSim(scenario: Partial<Scenario> = {}, clock = virtualClock()): Promise<VirtualSim> {
  const sim = await startSimulator({ port: 0, scenario: { ...DEFAULT_SCENARIO, ...scenario }, now: clock.now });
  return Object.assign(sim, { clock, env: demoEnv(sim.urls) });
}

export interface RunOptions {
  env?: Record<string, string>;
  stdoutIsTTY?: boolean;
  stderrIsTTY?: boolean;
  /** The terminal's size, when stdout is one. */
  columns?: number;
  rows?: number;
  /** Called before each sleep with the number of sleeps so far: return 'SIGINT'/'SIGTERM' to interrupt there. */
  onSleep?: (n: number, clock: Clock) => 'SIGINT' | 'SIGTERM' | void;
  random?: () => number;
  /** What `-` reads; given `interrupt` to press Ctrl-C (or send SIGTERM) while it is being read. */
  openStdin?: (interrupt: (signal: 'SIGINT' | 'SIGTERM') => void) => NodeJS.ReadableStream;
  stdinIsTTY?: boolean;
  /** The config file's content (default: empty). */
  config?: object;
}

/** Runs `syncstat <argv>` in-process against `sim`, with an empty config file and a throwaway home. */
export async function runVirtual(sim: VirtualSim, argv: string[], opts: RunOptions = {}): Promise<VirtualRun> {
  const dir = mkdtempSync(join(tmpdir(), 'syncstat-inproc-'));
  const config = join(dir, 'empty.json');
  writeFileSync(config, JSON.stringify(opts.config ?? {}));
  const controller = new AbortController();
  let out = '';
  let err = '';
  let sleeps = 0;
  const started = sim.clock.now();
  const io: CliIo = {
    env: { HOME: dir, XDG_CACHE_HOME: join(dir, 'cache'), XDG_CONFIG_HOME: join(dir, 'config'), ...sim.env, ...opts.env },
    cwd: dir,
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    stdoutIsTTY: opts.stdoutIsTTY ?? false,
    stderrIsTTY: opts.stderrIsTTY ?? false,
    columns: opts.columns,
    rows: opts.rows,
    now: sim.clock.now,
    sleep: async (ms) => {
      const signal = opts.onSleep?.(++sleeps, sim.clock);
      if (signal) return void controller.abort(signal);
      sim.clock.advance(ms);
    },
    random: opts.random ?? (() => 0.5),
    signal: controller.signal,
    homedir: dir,
    openStdin: opts.openStdin && (() => opts.openStdin!((signal) => controller.abort(signal))),
    stdinIsTTY: opts.stdinIsTTY,
  };
  const code = await runCli([...argv, '--config', config], io);
  return { code, stdout: out, stderr: err, elapsedMs: sim.clock.now() - started };
}
