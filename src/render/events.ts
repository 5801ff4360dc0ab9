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

export function keyOf(r: Pick<Result, 'provider' | 'kind' | 'id'>): string {
  return `${r.provider}/${r.kind}/${r.id}`;
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
