import type { Report } from '../core/model.js';
import { orderedEntries } from '../core/report.js';
import { fleetSummary, fleetTagOf, nameOf } from './fleet-table.js';
import { formatLag, formatProgress, orDash } from './format.js';
import { fitCell } from './safe-text.js';

// The Markdown table a GitHub Actions job shows on its summary page ($GITHUB_STEP_SUMMARY).

/** Most rows in one summary: GitHub takes at most 1 MiB per step, and a page of 10,000 rows helps no one. */
export const SUMMARY_MAX_ROWS = 1000;
/** Most characters of one cell: a megabyte-long vendor message stays a cell. */
const CELL_MAX = 300;

const HTML: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Vendor text as one inert Markdown table cell: control characters shown as escapes and newlines
 * folded (fitCell), HTML characters as entities, and every other ASCII punctuation Markdown acts on
 * backslash-escaped, so no text can end the cell (|), open code (`), a link, an image, an autolink
 * (https\:), a mention (@) or emphasis.
 */
export function markdownCell(value: string): string {
  return fitCell(value, CELL_MAX).replace(/[&<>]/g, (c) => HTML[c]).replace(/[\\`*_{}[\]()#+!|~:@]/g, (c) => `\\${c}`);
}

const PHASE_MARK: Readonly<Record<string, string>> = { failed: '❌ ', error: '❌ ', paused: '⚠️ ', unknown: '⚠️ ', syncing: '✅ ', succeeded: '✅ ' };

/**
 * `### syncstat <command>`, a table of every task (id, phase, status, progress, lag, message; the
 * service and name columns of a fleet), then the verdict line: the counts per phase, the exit code
 * and, after a wait, how it ended.
 */
export function renderStepSummary(report: Report, opts: { command: string; exitCode: number; verdict?: string }): string {
  const entries = orderedEntries(report);
  const fleet = entries.some((e) => (e.result ? fleetTagOf(e.result.details) : e.error.fleet));
  const head = [...(fleet ? ['service', 'name'] : ['id']), 'phase', 'status', 'progress', 'lag', 'message'];
  const rows = entries.slice(0, SUMMARY_MAX_ROWS).map(({ result: r, error: e }) => {
    if (e) return [...(fleet ? [orDash(e.fleet?.service), nameOf(e.fleet, e.id)] : [e.id]), 'error', e.code, '-', '-', e.message];
    const tag = fleetTagOf(r.details);
    return [...(fleet ? [orDash(tag?.service), nameOf(tag, r.id, tag?.id)] : [r.id]), r.phase, orDash(r.status), formatProgress(r.progress), formatLag(r.lagMs), orDash(r.message)];
  });
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const lines = [`### syncstat ${markdownCell(opts.command)}`, ''];
  if (rows.length) {
    lines.push(line(head), line(head.map(() => '---')));
    for (const cells of rows) lines.push(line(cells.map((c, i) => (i === head.indexOf('phase') ? PHASE_MARK[c] ?? '' : '') + markdownCell(c))));
    if (entries.length > rows.length) lines.push('', `… and ${entries.length - rows.length} more (the full list is in the step's output)`);
    lines.push('');
  }
  const verdict = [`**${markdownCell(fleetSummary(report))}**`, `${opts.exitCode === 0 ? '✅' : '❌'} exit ${opts.exitCode}`, ...(opts.verdict ? [markdownCell(opts.verdict)] : [])];
  lines.push(verdict.join(' · '), '');
  return lines.join('\n') + '\n';
}
