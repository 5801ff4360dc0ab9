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

interface Track {
  fingerprint: string | null;
  changedAt: number;
  /** Polls that saw this fingerprint, the one that first saw it included. */
  polls: number;
}

/** Per task key (e.g. "provider/kind/id"): the last reading and when it last changed. */
export class FreshnessTracker {
  readonly staleAfterMs: number;
  readonly minPolls: number;
  private readonly tracks = new Map<string, Track>();

  constructor(opts: FreshnessOptions = {}) {
    this.staleAfterMs = opts.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
    this.minPolls = opts.minPolls ?? STALE_MIN_POLLS;
  }

  /** Records one poll's row of a task (`now` in ms) and says whether its lag is stale. */
  observe(key: string, result: Result, now: number): Freshness {
    const fingerprint = lagFingerprint(result);
    const track = this.tracks.get(key);
    // Nothing comparable (no lag, or 0): the answer itself is the sign of life.
    if (!track || fingerprint === null || track.fingerprint !== fingerprint) {
      this.tracks.set(key, { fingerprint, changedAt: now, polls: 1 });
      return { stale: false, changedAt: now };
    }
    track.polls++;
    return { stale: track.polls >= this.minPolls && now - track.changedAt >= this.staleAfterMs, changedAt: track.changedAt };
  }

  /** The last verdict without a new observation (undefined for a key never seen). */
  peek(key: string, now: number): Freshness | undefined {
    const track = this.tracks.get(key);
    if (!track) return undefined;
    const stale = track.fingerprint !== null && track.polls >= this.minPolls && now - track.changedAt >= this.staleAfterMs;
    return { stale, changedAt: track.changedAt };
  }

  /** Drops a task no longer polled (a task list that changed), so memory follows the list. */
  forget(key: string): void {
    this.tracks.delete(key);
  }

  get size(): number {
    return this.tracks.size;
  }
}
