import type { Phase, Report, Result } from '../core/model.js';
import { orderedEntries } from '../core/report.js';
import { formatLag, formatProgress, isStale, lagText, orDash, progressText } from './format.js';
import { checkPaint, phasePaint, type Paint } from './paint.js';
import { displayWidth, fitCell, neutralize } from './safe-text.js';

/**
 * How much room a table has. Cells are neutralized (safe-text.ts) and cut before layout, so a table
 * stays fast and bounded whatever a service sends: a megabyte-long status costs what a short one does.
 */
export interface TableLayout {
  /** The terminal's width: the widest columns shrink until the table fits (undefined off a terminal). */
  columns?: number;
  /** Lines the whole table may take (a live --watch on a terminal): extra rows become one "… N more" line. */
  maxLines?: number;
  /** Longest cell, in columns, off a terminal (default CELL_CAP); ignored with `full`. */
  maxCell?: number;
  /** Every cell in full (-o wide): neutralized, never cut. */
  full?: boolean;
  /** false: no header line (--no-headers). */
  headers?: boolean;
}

/** A cell's cap off a terminal: a CI log is wide, but not a megabyte wide. */
export const CELL_CAP = 120;

export interface TableOptions {
  paint: Paint;
  layout?: TableLayout;
  /** Full cell text and one line per subtask (details.subtasks) under each task. */
  wide?: boolean;
  /** Subtask types that replicate continuously (the command's spec): a lag, never a percentage. */
  continuous?: readonly string[];
  /** Ids changed since the previous poll (--watch): marked with a bullet. */
  changed?: ReadonlySet<string>;
}

/**
 * A cell: `text` is data (neutralized and cut to fit), `lead` our own words shown before it (never
 * cut), each painted after layout so colour never counts as width and never reaches the escaping.
 */
export interface Cell {
  text: string;
  paint?: (s: string) => string;
  lead?: string;
  leadPaint?: (s: string) => string;
}

type CellInput = string | Cell;

const GAP = '  ';
const toCell = (c: CellInput): Cell => (typeof c === 'string' ? { text: c } : c);

/**
 * A borderless, kubectl-like table (readable in a terminal and in a CI log alike): columns padded and
 * separated by two spaces, no trailing blanks. Our own layout: cli-table3 took seconds on a cell with
 * many lines or wide characters, and minutes on a long one.
 */
export class TextTable {
  private readonly rows: Cell[][] = [];

  /**
   * `prefer`: widths a column keeps while others can still shrink (an id before a message); only a
   * terminal too narrow for those cuts them too.
   */
  constructor(
    private readonly head: string[],
    private readonly paint: Paint,
    private readonly layout: TableLayout = { full: true },
    private readonly prefer: readonly number[] = [],
  ) {}

  get length(): number {
    return this.rows.length;
  }

  push(row: CellInput[]): void {
    this.rows.push(row.map(toCell));
  }

  /** The rows laid out, header first; '' when there are no rows. */
  toString(): string {
    if (this.rows.length === 0) return '';
    const n = this.head.length;
    const cap = this.layout.full ? Infinity : this.layout.columns ?? this.layout.maxCell ?? CELL_CAP;
    const leadWidth = (c: Cell) => (c.lead ? displayWidth(c.lead) : 0);
    const clip = (c: Cell, max: number) => (max === Infinity ? neutralize(c.text) : fitCell(c.text, Math.max(1, max - leadWidth(c))));
    let texts = this.rows.map((row) => row.map((c) => clip(c, cap)));
    const headers = this.layout.headers !== false;
    const widths = this.head.map((h) => (headers ? displayWidth(h) : 0));
    this.rows.forEach((row, r) => row.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, leadWidth(c) + displayWidth(texts[r][i])))));
    if (!this.layout.full && this.layout.columns !== undefined) {
      const budget = this.layout.columns - GAP.length * (n - 1);
      const mins = this.head.map((h) => (headers ? displayWidth(h) : 1));
      const preferred = widths.map((w, i) => Math.max(mins[i], Math.min(w, this.prefer[i] ?? 0)));
      const soft = fitWidths(widths, preferred, budget);
      const limits = soft.reduce((a, b) => a + b, 0) <= budget ? soft : fitWidths(widths, mins, budget);
      texts = this.rows.map((row, r) => row.map((c, i) => (leadWidth(c) + displayWidth(texts[r][i]) > limits[i] ? fitCell(texts[r][i], Math.max(1, limits[i] - leadWidth(c))) : texts[r][i])));
      limits.forEach((w, i) => (widths[i] = Math.min(widths[i], w)));
    }
    const line = (cells: string[], plainWidths: number[]) =>
      trimSpaces(cells.map((s, i) => (i === n - 1 ? s : s + ' '.repeat(Math.max(0, widths[i] - plainWidths[i])))).join(GAP));
    const out = headers ? [line(this.head.map((h) => this.paint.bold(h)), this.head.map(displayWidth))] : [];
    this.rows.forEach((row, r) => {
      const cells = this.head.map((_, i) => row[i] ?? { text: '' });
      const shown = cells.map((c, i) => {
        const text = i < row.length ? texts[r][i] : '';
        const lead = c.lead ? (c.leadPaint ?? c.paint ?? same)(c.lead) : '';
        return lead + (text && c.paint ? c.paint(text) : text);
      });
      out.push(line(shown, cells.map((c, i) => leadWidth(c) + displayWidth(i < row.length ? texts[r][i] : ''))));
    });
    return out.join('\n') + '\n';
  }
}

const same = (s: string) => s;

/** Without trailing spaces. Not a /[ \t]+$/ regex: that is quadratic on a line with a long run of spaces inside. */
function trimSpaces(line: string): string {
  let end = line.length;
  while (end > 0 && line.charCodeAt(end - 1) === 32) end--;
  return end === line.length ? line : line.slice(0, end);
}

/**
 * Column limits that fit `budget`: the widest columns shrink to one common width (never below their
 * header), the narrow ones keep theirs. Returns `widths` unchanged when they already fit.
 */
export function fitWidths(widths: number[], mins: number[], budget: number): number[] {
  const total = (limit: number) => widths.reduce((sum, w, i) => sum + Math.min(w, Math.max(limit, mins[i])), 0);
  if (total(Infinity) <= budget) return widths;
  let lo = 0;
  let hi = Math.max(...widths);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (total(mid) <= budget) lo = mid;
    else hi = mid - 1;
  }
  return widths.map((w, i) => Math.min(w, Math.max(lo, mins[i])));
}

export function newTable(head: string[], paint: Paint, layout?: TableLayout, prefer?: readonly number[]): TextTable {
  return new TextTable(head, paint, layout, prefer);
}

/** The table's text; nothing at all (not a lone header) when it has no rows. */
export function tableText(table: TextTable): string {
  return table.toString();
}

interface SubtaskRow {
  type: string | null;
  status: string | null;
  progress: number | null;
  lagMs: number | null;
}

/** The layout a table gets: everything in full with --wide / -o wide. */
function layoutOf(opts: TableOptions): TableLayout {
  const layout = opts.layout ?? {};
  return opts.wide ? { ...layout, full: true } : layout;
}

/** The status table: one row per task (and per subtask with --wide) or error, in the order given. */
export function renderTable(report: Report, opts: TableOptions): string {
  const { paint } = opts;
  const layout = layoutOf(opts);
  const wide = opts.wide || layout.full;
  const withMessage = report.results.some((r) => r.message) || report.errors.length > 0;
  const head = ['ID', 'PHASE', 'STATUS', 'STAGE', 'PROGRESS', 'LAG', ...(withMessage ? ['MESSAGE'] : [])];
  // An id (36 characters for some services') and the phase are cut only when nothing else can shrink.
  const table = newTable(head, paint, layout, [38, 9]);
  const dim = (text: string): Cell => ({ text, paint: paint.dim });
  // What each row is, for the "… N more" line of a table taller than its room.
  const kinds: Array<Phase | 'error' | null> = [];
  for (const { result: r, error: e } of orderedEntries(report)) {
    if (e) {
      table.push([e.id, { text: 'error', paint: paint.red }, e.code, '-', '-', '-', ...(withMessage ? [e.message] : [])]);
      kinds.push('error');
      continue;
    }
    const id: Cell = opts.changed ? { text: r.id, lead: opts.changed.has(r.id) ? '• ' : '  ', leadPaint: opts.changed.has(r.id) ? paint.yellow : same } : { text: r.id };
    table.push([id, { text: r.phase, paint: phasePaint(paint, r.phase) }, orDash(r.status), orDash(r.stage), progressCell(r), lagCell(r, paint), ...(withMessage ? [orDash(r.message)] : [])]);
    kinds.push(r.phase);
    if (wide) {
      for (const sub of subtasksOf(r, opts.continuous)) {
        table.push([{ text: orDash(sub.type), lead: '  └ ', paint: paint.dim }, '', dim(orDash(sub.status)), '', dim(formatProgress(sub.progress)), dim(formatLag(sub.lagMs)), ...(withMessage ? [''] : [])]);
        kinds.push(null);
      }
    }
  }
  return limitLines(table, kinds, layout.maxLines, paint);
}

/** PROGRESS: the percentage, and a full load's ETA while a wait has one: "52% ETA 12m". */
export const progressCell = (r: Pick<Result, 'progress' | 'details'>): string => progressText(r);

/** LAG: a lag the service has not refreshed is dimmed and says "(stale)", in words without colour too. */
export function lagCell(r: Pick<Result, 'lagMs' | 'details'>, paint: Paint): Cell {
  return isStale(r) ? { text: lagText(r), paint: paint.dim } : { text: lagText(r) };
}

/**
 * A table with more rows than its room (a live --watch on a terminal): the first rows that fit, then
 * one line counting the rest by phase, so the header never scrolls away.
 */
function limitLines(table: TextTable, kinds: Array<Phase | 'error' | null>, maxLines: number | undefined, paint: Paint): string {
  const text = tableText(table);
  if (maxLines === undefined || table.length + 1 <= maxLines) return text;
  // The header, the rows kept, and the "more" line (at least one row is always shown).
  const keep = Math.max(1, maxLines - 2);
  const lines = text.split('\n').slice(0, 1 + keep);
  const hidden = kinds.slice(keep).filter((k): k is Phase | 'error' => k !== null);
  const counts = new Map<string, number>();
  for (const k of hidden) counts.set(k, (counts.get(k) ?? 0) + 1);
  const summary = [...counts].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${n} ${k}`).join(', ');
  const more = hidden.length ? `… ${hidden.length} more (${summary})` : `… ${table.length - keep} more lines`;
  return lines.join('\n') + '\n' + paint.dim(more) + '\n';
}

/**
 * Subtasks of a continuous type (the spec's `continuousSubtasks`) replicate changes all the time: they
 * have a lag, never a percentage (one reporting 0% while it runs), so --wide shows "-" in PROGRESS and
 * the lag beside it.
 */
function subtasksOf(r: Result, continuous: readonly string[] = []): SubtaskRow[] {
  const subtasks = r.details.subtasks;
  if (!Array.isArray(subtasks)) return [];
  return (subtasks as SubtaskRow[]).map((sub) => (continuous.includes(sub.type ?? '') ? { ...sub, progress: null } : sub));
}

interface CheckItem {
  name: string | null;
  status: string | null;
  message: string | null;
}

const VERDICT_LABEL: Record<string, string> = { success: 'PASSED', warning: 'PASSED WITH WARNINGS', failure: 'FAILED' };

/** One line of safe text, cut like a cell: for the lines around a precheck's table. */
function lineText(text: string, layout: TableLayout): string {
  const cap = layout.full ? Infinity : layout.columns ?? layout.maxCell ?? CELL_CAP;
  return cap === Infinity ? neutralize(text) : fitCell(text, cap);
}

/** Precheck: per task, one row per check item (failures first), then the verdict under the gate (--fail-on). */
export function renderPrecheckTable(report: Report, opts: TableOptions & { failOn?: 'failure' | 'warning' }): string {
  const { paint } = opts;
  const layout = layoutOf(opts);
  const blocks = orderedEntries(report).map(({ result: r, error: e }) => {
    if (e) return `${paint.bold(lineText(e.id, layout))}\n${paint.red('error')} ${lineText(e.message, layout)}\n`;
    const table = newTable(['CHECK', 'STATUS', 'MESSAGE'], paint, layout);
    for (const item of (r.details.items as CheckItem[] | undefined) ?? []) table.push([orDash(item.name), { text: orDash(item.status), paint: checkPaint(paint, item.status) }, orDash(item.message)]);
    // Under --fail-on warning a warning verdict fails the run (exit 1): the label must say so.
    const known = r.status !== null && Object.hasOwn(VERDICT_LABEL, r.status) ? VERDICT_LABEL[r.status] : undefined;
    const label = r.status === 'warning' && opts.failOn === 'warning' ? 'FAILED ON WARNINGS (--fail-on warning)' : (known ?? `UNKNOWN (${lineText(orDash(r.status), layout)})`);
    const verdict = r.status === 'failure' || label.startsWith('FAILED') ? paint.red(label) : r.status === 'warning' ? paint.yellow(label) : r.status === 'success' ? paint.green(label) : paint.magenta(label);
    return `${paint.bold(lineText(r.id, layout))}\n${tableText(table)}precheck ${verdict}${r.message ? ` — ${lineText(r.message, layout)}` : ''}\n`;
  });
  return blocks.join('\n');
}
