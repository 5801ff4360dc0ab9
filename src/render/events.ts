import type { Report, Result } from '../core/model.js';
import { jsonSafe } from './safe-text.js';

/** One line of `--watch` NDJSON: a task's status changed (or was first seen: from = null). */
export interface ChangeEvent {
  time: string;
  provider: string;
  id: string;
  from: string | null;
  to: string | null;
  phase: string;
  progress: number | null;
  lagMs: number | null;
  /** The lag has not been refreshed by the service for --stale-after (details.lagStale). */
  lagStale: boolean;
  /** A full load's estimated time to finish (details.etaMs), null when there is no rate to go by. */
  etaMs: number | null;
  /** --for: how long the task has held the condition, "lag ≤ 5s for 1m10s of 2m" (absent when not holding). */
  hold?: string;
}

/** A row's hold in words (the wait condition's `holding`). */
export type HoldOf = (r: Result) => string | null;

/**
 * What makes a row "changed": lag alone moves every poll and would drown the log, so it does not
 * count; a lag turning stale and a hold starting or breaking do.
 */
function fingerprint(r: Result, hold: string | null): string {
  return JSON.stringify([r.phase, r.status, r.stage, r.progress, r.details.lagStale === true, hold !== null]);
}

/**
 * A row's identity from poll to poll. A fleet row is also its task-list entry's: two
 * instances may each have a task of one name, and one key for both would flip between them each poll.
 */
export function keyOf(r: Pick<Result, 'provider' | 'kind' | 'id'> & { details?: Result['details'] }): string {
  const entry = (r.details?.fleet as { id?: string } | undefined)?.id;
  return `${r.provider}/${r.kind}/${entry !== undefined && entry !== r.id ? `${entry}/` : ''}${r.id}`;
}

/** Rows that changed since the previous poll, as events; `previous` is updated in place. */
export function diffResults(previous: Map<string, Result>, report: Report, time: string, holdOf?: HoldOf): ChangeEvent[] {
  const events: ChangeEvent[] = [];
  for (const r of report.results) {
    const before = previous.get(keyOf(r));
    const hold = holdOf?.(r) ?? null;
    const beforeHold = before ? (heldWhenSeen.get(before) ?? null) : null;
    if (!before || fingerprint(before, beforeHold) !== fingerprint(r, hold)) {
      const etaMs = typeof r.details.etaMs === 'number' ? r.details.etaMs : null;
      events.push({ time, provider: r.provider, id: r.id, from: before?.status ?? null, to: r.status, phase: r.phase, progress: r.progress, lagMs: r.lagMs, lagStale: r.details.lagStale === true, etaMs, ...(hold !== null ? { hold } : {}) });
    }
    heldWhenSeen.set(r, hold);
    previous.set(keyOf(r), r);
  }
  return events;
}

/** The hold each stored row had when it was seen (beside the row, never serialized). */
const heldWhenSeen = new WeakMap<Result, string | null>();

export function renderEvents(events: ChangeEvent[]): string {
  return events.map((e) => jsonSafe(JSON.stringify(e)) + '\n').join('');
}
