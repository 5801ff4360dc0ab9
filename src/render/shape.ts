import type { Phase, Report, ReportedError, Result } from '../core/model.js';
import { orderedEntries, type Entry } from '../core/report.js';
import { fleetTagOf, nameOf } from './fleet-table.js';
import { phasePaint, type Paint } from './paint.js';
import { fitCell, neutralize } from './safe-text.js';
import { CELL_CAP, lagCell, newTable, progressCell, tableText, type Cell, type TableLayout } from './table.js';

/**
 * Output shaping as pure functions: the columns of --columns and --sort-by (any row field, a few
 * names the tables use, `details.<path>`), the order of --sort-by, and how a --query result becomes
 * text rows (as the AWS CLI's text output: a list of objects is rows under the union of their keys,
 * anything else one value, or one list, per line).
 */

/** A row as columns read it: a result, or an error in the TSV's error shape (phase "error", status its code). */
type Row = Omit<Result, 'kind' | 'phase' | 'observedAt'> & { kind: string | null; phase: Phase | 'error'; observedAt: string | null };

function errorRow(e: ReportedError): Row {
  return { provider: e.provider, kind: null, id: e.id, phase: 'error', status: e.code, progress: null, lagMs: null, stage: null, message: e.message, observedAt: null, details: e.fleet ? { fleet: e.fleet } : {} };
}

const rowOf = (entry: Entry): Row => entry.result ?? errorRow(entry.error);

/** How a column's value reads in a table (TSV always shows the plain value). */
type Look = 'text' | 'phase' | 'progress' | 'lag';

export interface Column {
  /** As TSV's header shows it (the canonical spelling). */
  name: string;
  /** As a table's header shows it. */
  header: string;
  look: Look;
  value(row: Row): unknown;
}

const field = (name: keyof Row, look: Look = 'text'): Column => ({ name, header: name.toUpperCase(), look, value: (r) => r[name] });

/** Every column by name, in the order --help lists them; `details.<path>` comes on top. */
const NAMED: readonly Column[] = [
  field('provider'),
  field('kind'),
  field('id'),
  { name: 'name', header: 'NAME', look: 'text', value: (r) => nameOf(fleetTagOf(r.details), r.id, fleetTagOf(r.details)?.id) },
  { name: 'service', header: 'SERVICE', look: 'text', value: (r) => fleetTagOf(r.details)?.service ?? null },
  field('phase', 'phase'),
  field('status'),
  field('stage'),
  field('progress', 'progress'),
  { name: 'lag', header: 'LAG', look: 'lag', value: (r) => r.lagMs },
  { ...field('lagMs', 'lag'), header: 'LAG_MS' },
  field('message'),
  field('observedAt'),
  field('details'),
];

/** The names --columns and --sort-by take, for messages. */
export const COLUMN_NAMES: readonly string[] = [...NAMED.map((c) => c.name), 'details.<path>'];

/** The default TSV's columns: `--columns` of these prints exactly the default TSV. */
export const TSV_FIELDS = ['provider', 'kind', 'id', 'phase', 'status', 'progress', 'lagMs', 'stage', 'message', 'observedAt'] as const;

/** A value at a dotted path, through own keys only (never `__proto__` or `constructor`); array items by index. */
export function pathValue(value: unknown, path: readonly string[]): unknown {
  let at = value;
  for (const key of path) {
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, key)) return null;
    at = (at as Record<string, unknown>)[key];
  }
  return at ?? null;
}

/** The column a name means (known names in any case; `details.a.b` as written), or undefined. */
export function resolveColumn(name: string): Column | undefined {
  const known = NAMED.find((c) => c.name.toLowerCase() === name.toLowerCase());
  if (known) return known;
  const [head, ...path] = name.split('.');
  if (head.toLowerCase() !== 'details' || !path.length || path.some((p) => p === '')) return undefined;
  return { name, header: neutralize(name.toUpperCase()), look: 'text', value: (r) => pathValue(r.details, path) };
}

/** A value as one line of plain text: '' for none, objects as compact JSON. Not yet neutralized. */
function plain(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** A TSV field: one line of safe text (a tab shows as `\t`, a newline as ⏎). */
export const tsvField = (v: unknown): string => neutralize(plain(v));

function tableCell(column: Column, v: unknown, paint: Paint, row: Row): string | Cell {
  // Progress and lag read as the status table shows them: with a wait's ETA and stale mark.
  if (column.look === 'progress') return progressCell(row);
  if (column.look === 'lag') return lagCell(row, paint);
  const text = plain(v) || '-';
  return column.look === 'phase' ? { text, paint: v === 'error' ? paint.red : phasePaint(paint, v as Phase) } : text;
}

// ---- --sort-by -----------------------------------------------------------------------------------

/** The worst first: errors, then failed, paused, unknown, pending, running, syncing, succeeded. */
export const PHASE_RANK: readonly string[] = ['error', 'failed', 'paused', 'unknown', 'pending', 'running', 'syncing', 'succeeded'];

/** How a column orders: the phase by severity, the lag the most behind first, anything else ascending. */
function sortKey(column: Column, row: Row): number | string | null {
  const v = column.value(row);
  if (v === null || v === undefined || v === '') return null;
  if (column.look === 'phase') return PHASE_RANK.indexOf(String(v));
  if (column.look === 'lag' && typeof v === 'number') return -v;
  return typeof v === 'number' ? v : plain(v);
}

function compareKeys(a: number | string | null, b: number | string | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1; // nulls last
  if (typeof a !== typeof b) return typeof a === 'number' ? -1 : 1; // numbers before text
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The report's rows and errors in the column's order (stable; nulls last), in every format. */
export function sortReport(report: Report, column: Column): Report {
  const sorted = orderedEntries(report)
    .map((entry, i) => ({ entry, i, k: sortKey(column, rowOf(entry)) }))
    .sort((a, b) => compareKeys(a.k, b.k) || a.i - b.i)
    .map((x) => x.entry);
  return {
    ...report,
    results: sorted.flatMap((e) => (e.result ? [e.result] : [])),
    errors: sorted.flatMap((e) => (e.error ? [e.error] : [])),
    ids: [...new Set(sorted.map((e) => (e.result ?? e.error).id))],
  };
}

// ---- --columns -----------------------------------------------------------------------------------

/** TSV of the chosen columns, errors as rows with phase "error", in the order given. */
export function columnsTsv(report: Report, columns: readonly Column[], header: boolean): string {
  const lines = orderedEntries(report).map((e) => columns.map((c) => tsvField(c.value(rowOf(e)))).join('\t'));
  if (header) lines.unshift(columns.map((c) => tsvField(c.name)).join('\t'));
  return lines.length ? lines.join('\n') + '\n' : '';
}

/** A table of the chosen columns (`changed`: ids marked with a bullet, as --watch marks them). */
export function columnsTable(report: Report, columns: readonly Column[], paint: Paint, layout: TableLayout, changed?: ReadonlySet<string>): string {
  const table = newTable(columns.map((c) => c.header), paint, layout);
  for (const entry of orderedEntries(report)) {
    const row = rowOf(entry);
    const cells = columns.map((c): Cell => {
      const cell = tableCell(c, c.value(row), paint, row);
      return typeof cell === 'string' ? { text: cell } : cell;
    });
    if (changed && cells.length) cells[0] = { ...cells[0], lead: changed.has(row.id) ? '• ' : '  ', leadPaint: changed.has(row.id) ? paint.yellow : (s) => s };
    table.push(cells);
  }
  return tableText(table);
}

// ---- --query with -o tsv / table ---------------------------------------------------------------

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A query's result as rows: a list of objects (or one object) is rows under the union of their keys
 * in first-seen order; any other list is one line per item (a list item's values side by side); a
 * scalar is one line.
 */
export function queryRows(value: unknown): { head?: string[]; rows: unknown[][] } {
  const items = Array.isArray(value) ? value : [value];
  if (items.length && items.every(isObject)) {
    const head = [...new Set(items.flatMap((o) => Object.keys(o)))];
    return { head, rows: items.map((o) => head.map((k) => (Object.hasOwn(o, k) ? o[k] : null))) };
  }
  if (!Array.isArray(value)) return { rows: [[value]] };
  return { rows: value.map((v) => (Array.isArray(v) ? v : isObject(v) ? Object.values(v) : [v])) };
}

export function queryTsv(value: unknown, header: boolean): string {
  const { head, rows } = queryRows(value);
  const lines = rows.map((r) => r.map(tsvField).join('\t'));
  if (head && header) lines.unshift(head.map(tsvField).join('\t'));
  return lines.length ? lines.join('\n') + '\n' : '';
}

export function queryTable(value: unknown, paint: Paint, layout: TableLayout): string {
  const { head, rows } = queryRows(value);
  const width = Math.max(head?.length ?? 0, ...rows.map((r) => r.length));
  // Keys may be a service's text (a query can return `details` as is): safe and bounded like any cell.
  const title = (key: string) => (layout.full ? neutralize(key.toUpperCase()) : fitCell(key.toUpperCase(), CELL_CAP));
  const table = newTable(head ? head.map(title) : Array<string>(width).fill(''), paint, head ? layout : { ...layout, headers: false });
  for (const r of rows) table.push(r.map((v) => plain(v) || (head ? '-' : '')));
  return tableText(table);
}
