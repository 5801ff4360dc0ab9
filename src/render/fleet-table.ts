import { PHASES, type FleetTag, type Phase, type Report } from '../core/model.js';
import { orderedEntries } from '../core/report.js';
import { orDash } from './format.js';
import { phasePaint } from './paint.js';
import { lagCell, newTable, progressCell, tableText, type TableOptions } from './table.js';

/** A row's entry in the task list (details.fleet), when it has one. */
export function fleetTagOf(details: Record<string, unknown>): FleetTag | undefined {
  const tag = details.fleet;
  return tag && typeof tag === 'object' ? (tag as FleetTag) : undefined;
}

/** What the NAME column shows: the entry's name (and the row's own id when an entry has several rows), else the id. */
export function nameOf(tag: FleetTag | undefined, id: string, entryId?: string): string {
  if (!tag?.name) return id;
  return entryId !== undefined && entryId !== id ? `${tag.name}/${id}` : tag.name;
}

/** "12 tasks: 9 syncing, 2 running, 1 failed": counts per phase, most first (errors count as "error"). */
export function fleetSummary(report: Report): string {
  const counts = new Map<string, number>();
  for (const r of report.results) counts.set(r.phase, (counts.get(r.phase) ?? 0) + 1);
  if (report.errors.length) counts.set('error', report.errors.length);
  const rank = (k: string) => (k === 'error' ? PHASES.length : PHASES.indexOf(k as Phase));
  const total = report.results.length + report.errors.length;
  const parts = [...counts].sort((a, b) => b[1] - a[1] || rank(a[0]) - rank(b[0])).map(([k, n]) => `${n} ${k}`);
  return `${total} task${total === 1 ? '' : 's'}${parts.length ? `: ${parts.join(', ')}` : ''}`;
}

/** The fleet table: one row per task across services, in the list's order (or --sort-by), then the summary. */
export function renderFleetTable(report: Report, opts: TableOptions): string {
  const { paint } = opts;
  const head = ['SERVICE', 'NAME', 'PHASE', 'STATUS', 'STAGE', 'PROGRESS', 'LAG', 'MESSAGE'];
  const table = newTable(head, paint, opts.layout, [10, 38, 9]);
  for (const { result: r, error: e } of orderedEntries(report)) {
    if (e) {
      table.push([orDash(e.fleet?.service), nameOf(e.fleet, e.id), { text: 'error', paint: paint.red }, e.code, '-', '-', '-', e.message]);
      continue;
    }
    const tag = fleetTagOf(r.details);
    const name = nameOf(tag, r.id, tag?.id);
    const changed = opts.changed?.has(r.id);
    const cell = opts.changed ? { text: name, lead: changed ? '• ' : '  ', leadPaint: changed ? paint.yellow : (s: string) => s } : name;
    table.push([orDash(tag?.service), cell, { text: r.phase, paint: phasePaint(paint, r.phase) }, orDash(r.status), orDash(r.stage), progressCell(r), lagCell(r, paint), orDash(r.message)]);
  }
  const text = tableText(table);
  // --no-headers is for scripts: the rows and nothing else.
  if (opts.layout?.headers === false) return text;
  return text ? `${text}${paint.dim(fleetSummary(report))}\n` : `${fleetSummary(report)}\n`;
}
