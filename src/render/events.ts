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
}

/** What makes a row "changed": lag alone moves every poll and would drown the log, so it does not count. */
function fingerprint(r: Result): string {
  return JSON.stringify([r.phase, r.status, r.stage, r.progress]);
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
export function diffResults(previous: Map<string, Result>, report: Report, time: string): ChangeEvent[] {
  const events: ChangeEvent[] = [];
  for (const r of report.results) {
    const before = previous.get(keyOf(r));
    if (!before || fingerprint(before) !== fingerprint(r)) {
      events.push({ time, provider: r.provider, id: r.id, from: before?.status ?? null, to: r.status, phase: r.phase, progress: r.progress, lagMs: r.lagMs });
    }
    previous.set(keyOf(r), r);
  }
  return events;
}

export function renderEvents(events: ChangeEvent[]): string {
  return events.map((e) => jsonSafe(JSON.stringify(e)) + '\n').join('');
}
