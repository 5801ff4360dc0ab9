import { InterruptedError, UsageError } from './errors.js';
import { EXIT } from './exit-codes.js';
import { formatDuration } from './duration.js';
import type { Phase, Report, Result } from './model.js';

/** What `--until` can wait for: the phases that satisfy it. */
export const UNTIL_PHASES: Readonly<Record<string, readonly Phase[]>> = {
  syncing: ['syncing'],
  succeeded: ['succeeded'],
  healthy: ['syncing', 'succeeded'],
  terminal: ['succeeded', 'failed', 'paused'],
};

/** Phases a task does not leave on its own: waiting for anything else from them is pointless. */
const STUCK_PHASES: readonly Phase[] = ['failed', 'succeeded', 'paused'];

export interface Condition {
  until: string;
  maxLagMs?: number;
  any: boolean;
}

export function parseUntil(value: string): string {
  if (!Object.hasOwn(UNTIL_PHASES, value)) throw new UsageError(`invalid --until "${value}"`, { suggestion: `Use one of ${Object.keys(UNTIL_PHASES).join(', ')}` });
  return value;
}

export function meets(r: Result, c: Condition): boolean {
  if (!UNTIL_PHASES[c.until].includes(r.phase)) return false;
  return c.maxLagMs === undefined || (r.lagMs !== null && r.lagMs <= c.maxLagMs);
}

/** Why a task can no longer meet the condition, or null while it still can. */
export function hopeless(r: Result, c: Condition): string | null {
  if (UNTIL_PHASES[c.until].includes(r.phase)) return null;
  if (r.phase === 'failed') return `${r.id} failed (${r.status}${r.message ? `: ${r.message}` : ''})`;
  if (STUCK_PHASES.includes(r.phase)) return `${r.id} is ${r.phase} (${r.status}${r.message ? `: ${r.message}` : ''}) and will not become ${c.until} on its own`;
  return null;
}

export type Verdict = { state: 'met' } | { state: 'failed'; why: string[] } | { state: 'fatal' } | { state: 'waiting'; why: string[] };

/** Judges one poll. API and credential errors end the wait; network errors are waited out. */
export function judge(report: Report, c: Condition): Verdict {
  if (report.errors.some((e) => e.exitCode === EXIT.auth || e.exitCode === EXIT.api || e.exitCode === EXIT.usage)) return { state: 'fatal' };
  const rows = report.results;
  const met = rows.filter((r) => meets(r, c));
  const lost = rows.map((r) => hopeless(r, c)).filter((x): x is string => x !== null);
  const total = rows.length + report.errors.length;
  if (c.any ? met.length > 0 : total > 0 && met.length === total) return { state: 'met' };
  if (c.any ? total > 0 && lost.length === total : lost.length > 0) return { state: 'failed', why: lost };
  return { state: 'waiting', why: rows.filter((r) => !meets(r, c)).map((r) => waitingFor(r, c)) };
}

function waitingFor(r: Result, c: Condition): string {
  if (UNTIL_PHASES[c.until].includes(r.phase) && c.maxLagMs !== undefined) {
    return r.lagMs === null
      ? `${r.id} reports no lag, so --max-lag ${formatDuration(c.maxLagMs)} cannot be met by it`
      : `${r.id} lag ${formatDuration(r.lagMs)} > ${formatDuration(c.maxLagMs)}`;
  }
  return `${r.id} is ${r.phase} (${r.status ?? '-'})`;
}

export interface PollDeps {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  random(): number;
  signal?: AbortSignal;
}

export interface PollOptions {
  timeoutMs: number;
  intervalMs: number;
}

/** The next poll's delay: the interval with +-10% jitter so many waiting CI jobs do not poll in step. */
export function nextDelay(intervalMs: number, random: () => number): number {
  return Math.round(intervalMs * (0.9 + 0.2 * random()));
}

/**
 * Polls until `done` says stop or the time runs out. Returns the last value and whether it timed out.
 * Ctrl-C (the signal) ends it with an InterruptedError carrying nothing: the caller prints its summary.
 */
export async function pollUntil<T>(
  poll: () => Promise<T>,
  done: (value: T) => boolean,
  opts: PollOptions,
  deps: PollDeps,
  onPoll?: (value: T, nextInMs: number | null) => void,
): Promise<{ value: T; timedOut: boolean }> {
  const deadline = deps.now() + opts.timeoutMs;
  for (;;) {
    if (deps.signal?.aborted) throw new InterruptedError();
    const value = await poll();
    if (deps.signal?.aborted) throw new InterruptedError();
    if (done(value)) {
      onPoll?.(value, null);
      return { value, timedOut: false };
    }
    const remaining = deadline - deps.now();
    if (remaining <= 0) {
      onPoll?.(value, null);
      return { value, timedOut: true };
    }
    const delay = Math.min(nextDelay(opts.intervalMs, deps.random), remaining);
    onPoll?.(value, delay);
    await deps.sleep(delay, deps.signal);
  }
}
