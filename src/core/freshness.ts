import type { Result } from './model.js';

/**
 * Is a lag value fresh? A vendor that stops refreshing a task's lag keeps answering with the last
 * value it had: a steady "3s" that looks healthy while nothing moves. A lag reading is stale when the
 * same non-zero value (with the same status and the same replication position and counters, where the
 * row carries them) has come back over polls spanning at least `staleAfterMs` and `minPolls` polls.
 * A lag of 0 (caught up, nothing to replicate) and no lag at all are never stale.
 *
 * Used by the wait engine (src/core/wait.ts) and by anything else that polls the same tasks over time
 * (an exporter: `stale` → syncstat_task_lag_stale, `changedAt` → syncstat_task_observed_timestamp_seconds).
 */

/** 5 minutes, or 3 polls, whichever is longer. */
export const DEFAULT_STALE_AFTER_MS = 5 * 60_000;
export const STALE_MIN_POLLS = 3;

/**
 * `details` fields that move whenever replication moves, when a service gives them (a binlog position
 * and GTID set, rows copied, an offset). The names are the normalized rows' own (DESIGN.md), not a
 * vendor's: a row without them is judged on its lag and status alone.
 */
export const POSITION_FIELDS: readonly string[] = ['binlog', 'curCount', 'redisOffsetSize'];

export interface Freshness {
  /** The lag has not been refreshed for the threshold: do not trust it as a measure of "caught up". */
  stale: boolean;
  /** When the reading last changed (ms since the epoch): the vendor's last sign of life for this task. */
  changedAt: number;
}

export interface FreshnessOptions {
  staleAfterMs?: number;
  minPolls?: number;
}

/** What one lag reading is, for comparison with the next; null when there is nothing that can go stale. */
export function lagFingerprint(r: Result): string | null {
  if (r.lagMs === null || r.lagMs === 0) return null;
  return JSON.stringify([r.lagMs, r.status, ...POSITION_FIELDS.map((k) => r.details[k] ?? null)]);
}

/**
 * One task's freshness as a value, for a caller that keeps its own per-task state (an exporter's
 * observation of a row): pass the previous one back in with each new row.
 */
export interface FreshState extends Freshness {
  /** The reading last seen (lagFingerprint), null when there was nothing comparable. */
  fingerprint: string | null;
  /** Polls that saw this fingerprint, the one that first saw it included. */
  polls: number;
}

/** The next state of one task after a poll that returned `result` at `now` (ms). */
export function nextFreshness(previous: FreshState | undefined, result: Result, now: number, opts: FreshnessOptions = {}): FreshState {
  const staleAfterMs = opts.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  const minPolls = opts.minPolls ?? STALE_MIN_POLLS;
  const fingerprint = lagFingerprint(result);
  // Nothing comparable (no lag, or 0), or a new reading: the answer itself is the sign of life.
  if (!previous || fingerprint === null || previous.fingerprint !== fingerprint) return { fingerprint, changedAt: now, polls: 1, stale: false };
  const polls = previous.polls + 1;
  return { fingerprint, changedAt: previous.changedAt, polls, stale: polls >= minPolls && now - previous.changedAt >= staleAfterMs };
}

/** Per task key (e.g. "provider/kind/id"): the last reading and when it last changed. */
export class FreshnessTracker {
  readonly staleAfterMs: number;
  readonly minPolls: number;
  private readonly states = new Map<string, FreshState>();

  constructor(opts: FreshnessOptions = {}) {
    this.staleAfterMs = opts.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
    this.minPolls = opts.minPolls ?? STALE_MIN_POLLS;
  }

  /** Records one poll's row of a task (`now` in ms) and says whether its lag is stale. */
  observe(key: string, result: Result, now: number): Freshness {
    const state = nextFreshness(this.states.get(key), result, now, this);
    this.states.set(key, state);
    return { stale: state.stale, changedAt: state.changedAt };
  }

  /** The last verdict without a new observation (undefined for a key never seen). */
  peek(key: string): Freshness | undefined {
    const state = this.states.get(key);
    return state && { stale: state.stale, changedAt: state.changedAt };
  }

  /** Drops a task no longer polled (a task list that changed), so memory follows the list. */
  forget(key: string): void {
    this.states.delete(key);
  }

  get size(): number {
    return this.states.size;
  }
}
