import type { Report, ReportedError, Result } from '../core/model.js';
import { orderedEntries } from '../core/report.js';
import { gradeItems, itemMessage, verdictFails, type PrecheckGateOptions } from './precheck-items.js';
import { neutralize } from './safe-text.js';

/**
 * A workflow command's message, escaped exactly as @actions/core's escapeData (%, CR, LF: GitHub
 * unescapes them into the annotation), after every other control character, bidi override and line
 * separator is shown as a visible escape: nothing in it can end the command or drive a terminal.
 */
export function escapeData(value: string): string {
  return neutralizeKeepingBreaks(value).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value: as @actions/core's escapeProperty, data plus ":" and "," which end a property. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** neutralize(), but CR and LF kept for escapeData to encode (an annotation may have several lines). */
function neutralizeKeepingBreaks(value: string): string {
  return value.split(/(\r\n|\r|\n)/).map((part, i) => (i % 2 ? part : neutralize(part))).join('');
}

export function workflowCommand(level: 'error' | 'warning', title: string, message: string): string {
  return `::${level} title=${escapeProperty(title)}::${escapeData(message)}`;
}

/**
 * A plain log line: one line of safe text (newlines folded to ⏎), so no server text can start a
 * line of its own that GitHub would read as a command (::error, ::add-mask::, ::stop-commands::).
 */
const oneLine = (s: string) => neutralize(s);

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function verdictLabel(r: Result, gate: PrecheckGateOptions): string {
  if (r.status === 'failure' || r.phase === 'failed') return 'FAILED';
  if (r.status === 'warning') return verdictFails(r, gate) ? 'FAILED ON WARNINGS' : 'PASSED WITH WARNINGS';
  if (r.status === 'success') return 'PASSED';
  return `UNKNOWN (${r.status ?? '-'})`;
}

function resultLines(r: Result, gate: PrecheckGateOptions): string[] {
  const items = gradeItems(r, gate);
  const lines: string[] = [];
  for (const item of items) {
    if (item.grade !== 'failure' && item.grade !== 'warning') continue;
    // Under --fail-on warning a warning fails the job: it is annotated as the error it is.
    lines.push(workflowCommand(item.fails ? 'error' : 'warning', `Precheck ${r.id}: ${item.name ?? item.id ?? 'unnamed check'}`, itemMessage(item)));
  }
  if (verdictFails(r, gate) && !items.some((i) => i.fails)) lines.push(workflowCommand('error', `Precheck ${r.id}`, `precheck verdict is ${r.status ?? 'unknown'}`));
  const count = (grade: string) => items.filter((i) => i.grade === grade).length;
  const other = count('other');
  const counts = [plural(count('failure'), 'failure', 'failures'), plural(count('warning'), 'warning', 'warnings'), `${count('passed')} passed`, ...(other ? [`${other} other`] : [])];
  lines.push(oneLine(`precheck ${r.id}: ${verdictLabel(r, gate)} (${counts.join(', ')})`));
  return lines;
}

function errorLines(e: ReportedError): string[] {
  return [workflowCommand('error', `Precheck ${e.id}`, `${e.message}${e.requestId ? ` (requestId ${e.requestId})` : ''}`), oneLine(`precheck ${e.id}: ERROR (${e.message})`)];
}

/**
 * GitHub Actions workflow commands: an ::error annotation per failing check, a ::warning per warning,
 * then a plain summary line per task. An id that could not be read is an ::error and an ERROR line.
 */
export function renderPrecheckGithub(report: Report, gate: PrecheckGateOptions): string {
  const lines = orderedEntries(report).flatMap((e) => (e.result ? resultLines(e.result, gate) : errorLines(e.error)));
  return lines.length ? lines.join('\n') + '\n' : '';
}
