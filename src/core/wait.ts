import { InterruptedError, UsageError } from './errors.js';
import { EXIT } from './exit-codes.js';
import { formatDuration, formatOver } from './duration.js';
import type { Phase, Report, ReportedError, Result } from './model.js';

/** What `--until` can wait for: the phases that satisfy it. */
export const UNTIL_PHASES: Readonly<Record<string, readonly Phase[]>> = {
  syncing: ['syncing'],
  succeeded: ['succeeded'],
  healthy: ['syncing', 'succeeded'],
  terminal: ['succeeded', 'failed', 'paused'],
};

/** Phases a task does not leave on its own: waiting for anything else from them is pointless. */
const STUCK_PHASES: readonly Phase[] = ['failed', 'succeeded', 'paused'];

export type Verdict =
  | { state: 'met'; why: string[] }
  | { state: 'failed'; why: string[] }
  | { state: 'fatal'; why: string[] }
  | { state: 'waiting'; why: string[] };

/** What a wait waits for: `--until`, a bare `--watch` (nothing: it runs until stopped), a precheck to finish. */
export interface WaitCondition {
  /** In words, for messages: "every task syncing with lag <= 5s". */
  describe: string;
  /** What the wait is doing, for progress lines (default: waiting for "<describe>"). */
  activity?: string;
  judge(report: Report): Verdict;
  /** Why a row does not meet the condition (null when it does): a CI report's failure after a wait ends unmet. */
  unmet?(r: Result): string | null;
}

export interface UntilSpec {
  until: string;
  maxLagMs?: number;
  any: boolean;
}

export function parseUntil(value: string): string {
  if (!Object.hasOwn(UNTIL_PHASES, value)) throw new UsageError(`invalid --until "${value}"`, { suggestion: `Use one of ${Object.keys(UNTIL_PHASES).join(', ')}` });
  return value;
}

export function meets(r: Result, c: UntilSpec): boolean {
  if (!UNTIL_PHASES[c.until].includes(r.phase)) return false;
  return c.maxLagMs === undefined || (r.lagMs !== null && r.lagMs <= c.maxLagMs);
}

/** Why a task can no longer meet the condition, or null while it still can. */
export function hopeless(r: Result, c: UntilSpec): string | null {
  if (UNTIL_PHASES[c.until].includes(r.phase)) return null;
  if (r.phase === 'failed') return `${r.id} failed (${r.status}${r.message ? `: ${r.message}` : ''})`;
  if (STUCK_PHASES.includes(r.phase)) return `${r.id} is ${r.phase} (${r.status}${r.message ? `: ${r.message}` : ''}) and will not become ${c.until} on its own`;
  return null;
}

/** Errors that end a wait at once: asking again will not change the answer (credentials, API errors, bad input). */
function isFatal(e: ReportedError): boolean {
  return e.exitCode === EXIT.auth || e.exitCode === EXIT.api || e.exitCode === EXIT.usage;
}

const errorLine = (e: ReportedError) => `${e.id}: ${e.message}`;

/** `--until`: every task (or, with --any, one) in the target phases, lag within --max-lag if given. */
export function untilCondition(c: UntilSpec): WaitCondition {
  const describe = `${c.any ? 'any task' : 'every task'} ${c.until}${c.maxLagMs !== undefined ? ` with lag <= ${formatDuration(c.maxLagMs)}` : ''}`;
  return {
    describe,
    unmet: (r) => (meets(r, c) ? null : `did not meet "${describe}": ${hopeless(r, c) ?? waitingFor(r, c)}`),
    judge(report) {
      const fatal = report.errors.filter(isFatal);
      if (fatal.length) return { state: 'fatal', why: fatal.map(errorLine) };
      const rows = report.results;
      const met = rows.filter((r) => meets(r, c));
      const lost = rows.map((r) => hopeless(r, c)).filter((x): x is string => x !== null);
      const total = rows.length + report.errors.length;
      if (c.any ? met.length > 0 : total > 0 && met.length === total) return { state: 'met', why: met.map((r) => r.id) };
      if (c.any ? total > 0 && lost.length === total : lost.length > 0) return { state: 'failed', why: lost };
      return { state: 'waiting', why: [...rows.filter((r) => !meets(r, c)).map((r) => waitingFor(r, c)), ...report.errors.map(errorLine)] };
    },
  };
}

/** A bare `--watch`: never met; only an error that asking again cannot fix ends it. */
export const WATCH_CONDITION: WaitCondition = {
  describe: 'nothing (watching)',
  activity: 'watching',
  judge(report) {
    const fatal = report.errors.filter(isFatal);
    return fatal.length ? { state: 'fatal', why: fatal.map(errorLine) } : { state: 'waiting', why: [] };
  },
};

function waitingFor(r: Result, c: UntilSpec): string {
  if (UNTIL_PHASES[c.until].includes(r.phase) && c.maxLagMs !== undefined) {
    return r.lagMs === null
      ? `${r.id} reports no lag, so --max-lag ${formatDuration(c.maxLagMs)} cannot be met by it`
      : `${r.id} lag ${formatOver(r.lagMs, c.maxLagMs)} > ${formatDuration(c.maxLagMs)}`;
  }
  return `${r.id} is ${r.phase} (${r.status ?? '-'})`;
}

export interface PollDeps {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  random(): number;
  signal?: AbortSignal;
}

export interface WaitPlan {
  /** The whole wait; undefined: until the condition holds or the run is interrupted. */
  timeoutMs?: number;
  intervalMs: number;
}

/** How a wait ended. `unreachable`: the service never answered at all (refused, DNS, TLS), so waiting is pointless. */
export type WaitEnd = 'met' | 'failed' | 'fatal' | 'timeout' | 'interrupted' | 'unreachable';

export interface WaitProgress {
  /** The last state observed of every task: a task whose latest poll failed keeps its last good row. */
  report: Report | null;
  verdict: Verdict;
  polls: number;
  elapsedMs: number;
  /** Null when the wait ends with this poll. */
  nextInMs: number | null;
  /** When the latest poll failed for some ids after an earlier good one: what went wrong. */
  lastFailure: string | null;
}

export interface WaitOutcome extends WaitProgress {
  end: WaitEnd;
}

/** The next poll's delay: the interval with +-10% jitter so many waiting CI jobs do not poll in step. */
export function nextDelay(intervalMs: number, random: () => number): number {
  return Math.round(intervalMs * (0.9 + 0.2 * random()));
}

/**
 * The one wait engine (--until, --watch, precheck --wait): polls until the condition is met or can no
 * longer be, an error ends it, the time runs out, or the run is interrupted. Never prints: `onPoll`
 * sees every poll (the caller shows progress and streams changes); the outcome says how it ended.
 * A service that has never answered (every id unreachable on the first poll, after its retries) ends
 * the wait at once; after one good poll, failures are waited out.
 */
export async function runWait(
  poll: () => Promise<Report>,
  condition: WaitCondition,
  plan: WaitPlan,
  deps: PollDeps,
  onPoll?: (progress: WaitProgress) => void | Promise<void>,
): Promise<WaitOutcome> {
  const started = deps.now();
  const deadline = plan.timeoutMs === undefined ? Infinity : started + plan.timeoutMs;
  let observed: Report | null = null;
  let verdict: Verdict = { state: 'waiting', why: [] };
  let polls = 0;
  let lastFailure: string | null = null;
  let answered = false;
  const progress = (nextInMs: number | null): WaitProgress => ({ report: observed, verdict, polls, elapsedMs: deps.now() - started, nextInMs, lastFailure });
  const end = (how: WaitEnd): WaitOutcome => ({ ...progress(null), end: how });

  for (;;) {
    if (deps.signal?.aborted) return end('interrupted');
    let report: Report;
    try {
      report = await poll();
    } catch (err) {
      if (err instanceof InterruptedError || deps.signal?.aborted) return end('interrupted');
      throw err;
    }
    if (deps.signal?.aborted) return end('interrupted');
    polls++;
    const reached = report.results.length > 0 || report.errors.some((e) => !e.unreachable);
    observed = mergeObserved(observed, report);
    lastFailure = answered && report.errors.length ? report.errors.map(errorLine).join('; ') : null;
    if (!answered && !reached && report.errors.length) {
      verdict = { state: 'fatal', why: report.errors.map(errorLine) };
      return end('unreachable');
    }
    answered ||= reached;
    verdict = condition.judge(report);
    if (verdict.state !== 'waiting') {
      await onPoll?.(progress(null));
      return end(verdict.state);
    }
    const remaining = deadline - deps.now();
    if (remaining <= 0) {
      await onPoll?.(progress(null));
      return end('timeout');
    }
    const delay = Math.min(nextDelay(plan.intervalMs, deps.random), remaining);
    await onPoll?.(progress(delay));
    await deps.sleep(delay, deps.signal);
    // No poll starts at the deadline: its requests would have no time left, and the last poll's
    // state is the honest answer.
    if (deps.now() >= deadline && !deps.signal?.aborted) return end('timeout');
  }
}

/**
 * The latest poll, except that an id whose latest request failed at the network level keeps its last
 * good row: "last observed state" for a summary, never for a verdict (the judge sees the poll itself).
 */
export function mergeObserved(previous: Report | null, latest: Report): Report {
  if (!previous) return latest;
  const stale = new Set(latest.errors.filter((e) => e.exitCode === EXIT.network).map((e) => e.id));
  const seen = new Set(latest.results.map((r) => r.id));
  const kept = previous.results.filter((r) => stale.has(r.id) && !seen.has(r.id));
  if (!kept.length) return latest;
  const keptIds = new Set(kept.map((r) => r.id));
  return { ...latest, results: [...latest.results, ...kept], errors: latest.errors.filter((e) => !keptIds.has(e.id)) };
}
