import type { Report, ReportedError, Result } from '../core/model.js';
import { orderedEntries } from '../core/report.js';
import { gradeItems, itemMessage, verdictFails, type PrecheckGateOptions } from './precheck-items.js';

/** A workflow command's message: GitHub unescapes %25, %0D and %0A. */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value: as data, plus ":" and "," which end a property. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function workflowCommand(level: 'error' | 'warning', title: string, message: string): string {
  return `::${level} title=${escapeProperty(title)}::${escapeData(message)}`;
}

/** A plain log line must not break into a new line that GitHub would read as a command. */
const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ');

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
