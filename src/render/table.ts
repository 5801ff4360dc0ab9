import Table from 'cli-table3';
import type { Report, Result } from '../core/model.js';
import { orderedEntries } from '../core/report.js';
import { formatLag, formatProgress, orDash } from './format.js';
import { paintCheck, paintPhase, type Paint } from './paint.js';
import { INCREMENTAL_SUBTASK } from '../providers/ninedata/states.js';

export interface TableOptions {
  paint: Paint;
  /** One line per subtask under each task. */
  wide?: boolean;
  /** Ids changed since the previous poll (--watch): marked with a bullet. */
  changed?: ReadonlySet<string>;
}

// Borderless, kubectl-like: readable in a terminal and in a CI log alike.
const PLAIN_CHARS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ',
};

export function newTable(head: string[], paint: Paint): Table.Table {
  return new Table({ head: head.map((h) => paint.bold(h)), chars: PLAIN_CHARS, style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 } });
}

/** The table's text without the padding cli-table3 leaves at line ends; nothing at all (not a lone header) when it has no rows. */
export function tableText(table: Table.Table): string {
  if (table.length === 0) return '';
  return table.toString().replace(/[ \t]+$/gm, '') + '\n';
}

interface SubtaskRow {
  type: string | null;
  status: string | null;
  progress: number | null;
  lagMs: number | null;
}

/** The status table: one row per task (and per subtask with --wide) or error, in the order given. */
export function renderTable(report: Report, opts: TableOptions): string {
  const { paint } = opts;
  const withMessage = report.results.some((r) => r.message) || report.errors.length > 0;
  const head = ['ID', 'PHASE', 'STATUS', 'STAGE', 'PROGRESS', 'LAG', ...(withMessage ? ['MESSAGE'] : [])];
  const table = newTable(head, paint);
  for (const { result: r, error: e } of orderedEntries(report)) {
    if (e) {
      table.push([e.id, paint.red('error'), e.code, '-', '-', '-', ...(withMessage ? [e.message] : [])]);
      continue;
    }
    const id = opts.changed ? `${opts.changed.has(r.id) ? paint.yellow('•') : ' '} ${r.id}` : r.id;
    table.push([id, paintPhase(paint, r.phase), orDash(r.status), orDash(r.stage), formatProgress(r.progress), formatLag(r.lagMs), ...(withMessage ? [orDash(r.message)] : [])]);
    if (opts.wide) for (const sub of subtasksOf(r)) table.push([paint.dim(`  └ ${orDash(sub.type)}`), '', paint.dim(orDash(sub.status)), '', paint.dim(formatProgress(sub.progress)), paint.dim(formatLag(sub.lagMs)), ...(withMessage ? [''] : [])]);
  }
  return tableText(table);
}

/**
 * Subtask types that replicate changes continuously: they have a lag, never a percentage (NineData's
 * `inc_writer` reports 0% while it runs), so --wide shows "-" in PROGRESS and the lag beside it.
 */
const INCREMENTAL_SUBTASKS: ReadonlySet<string> = new Set([INCREMENTAL_SUBTASK]);

function subtasksOf(r: Result): SubtaskRow[] {
  const subtasks = r.details.subtasks;
  if (!Array.isArray(subtasks)) return [];
  return (subtasks as SubtaskRow[]).map((sub) => (INCREMENTAL_SUBTASKS.has(sub.type ?? '') ? { ...sub, progress: null } : sub));
}

interface CheckItem {
  name: string | null;
  status: string | null;
  message: string | null;
}

const VERDICT_LABEL: Record<string, string> = { success: 'PASSED', warning: 'PASSED WITH WARNINGS', failure: 'FAILED' };

/** Precheck: per task, one row per check item (failures first), then the verdict under the gate (--fail-on). */
export function renderPrecheckTable(report: Report, opts: TableOptions & { failOn?: 'failure' | 'warning' }): string {
  const { paint } = opts;
  const blocks = orderedEntries(report).map(({ result: r, error: e }) => {
    if (e) return `${paint.bold(e.id)}\n${paint.red('error')} ${e.message}\n`;
    const table = newTable(['CHECK', 'STATUS', 'MESSAGE'], paint);
    for (const item of (r.details.items as CheckItem[] | undefined) ?? []) table.push([orDash(item.name), paintCheck(paint, item.status), orDash(item.message)]);
    // Under --fail-on warning a warning verdict fails the run (exit 1): the label must say so.
    const label = r.status === 'warning' && opts.failOn === 'warning' ? 'FAILED ON WARNINGS (--fail-on warning)' : ((r.status !== null && Object.hasOwn(VERDICT_LABEL, r.status) ? VERDICT_LABEL[r.status] : undefined) ?? `UNKNOWN (${orDash(r.status)})`);
    const verdict = r.status === 'failure' || label.startsWith('FAILED') ? paint.red(label) : r.status === 'warning' ? paint.yellow(label) : r.status === 'success' ? paint.green(label) : paint.magenta(label);
    return `${paint.bold(r.id)}\n${tableText(table)}precheck ${verdict}${r.message ? ` — ${r.message}` : ''}\n`;
  });
  return blocks.join('\n');
}
