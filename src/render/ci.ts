import type { Report, ReportedError, Result } from '../core/model.js';
import { orderedEntries, type Entry } from '../core/report.js';
import { fleetSummary, fleetTagOf, nameOf } from './fleet-table.js';
import { workflowCommand } from './github.js';
import { xmlAttr, xmlText } from './junit.js';
import { formatLag, formatProgress } from './format.js';
import { neutralize } from './safe-text.js';

// The CI reports of every task command and the fleet: one JUnit renderer and one GitHub renderer for
// all of them. The precheck command reports check items instead (junit.ts, github.ts).

const attrs = (pairs: Record<string, string | number>) => Object.entries(pairs).map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`).join('');

/** Phases worth a warning in CI: not failed, but not where a healthy task should be either. */
const WARN_PHASES: ReadonlySet<string> = new Set(['paused', 'unknown']);

/** How a task is named: by its task-list entry in a fleet (service, name), else by the command and its id. */
function entryName({ result: r, error: e }: Entry, command: string): { group: string; name: string } {
  if (e) return { group: e.fleet?.service ?? command, name: nameOf(e.fleet, e.id) };
  const tag = fleetTagOf(r.details);
  return { group: tag?.service ?? command, name: nameOf(tag, r.id, tag?.id) };
}

const stateLine = (r: Result) => `${r.phase} (${r.status ?? '-'}; stage ${r.stage ?? '-'}; progress ${formatProgress(r.progress)}; lag ${formatLag(r.lagMs)})`;

/** Which rows fail, and why: the command's rule (a failed task), plus after a wait that ended unmet the rows that did not meet it. */
export interface CiRule {
  fails(r: Result): boolean;
  why(r: Result): string;
}

/** Why a row fails: a failed task by its status, any other (a wait's condition not met) by the rule. */
const failure = (r: Result, rule: CiRule) => (r.phase === 'failed' ? problem(r) : rule.fails(r) ? rule.why(r) : null);

/** What a failed or warned-about row says: its status, then its message. */
const problem = (r: Result) => `${r.phase} (${r.status ?? '-'})${r.message ? `: ${r.message}` : ''}`;

const errorText = (e: ReportedError) => [e.requestId ? `requestId ${e.requestId}` : '', e.suggestion ?? ''].filter(Boolean).join('\n');

/**
 * JUnit XML: one <testsuite> named after the command, one <testcase> per task (classname
 * syncstat.<command>, a fleet's syncstat.fleet.<service>); a failed task is a <failure> (after a wait that ended unmet, so
 * is a task that did not meet it), a task that could not be read an <error>; the others pass, their state in <system-out> (a paused or unknown one marked "warning").
 */
export function renderJunit(report: Report, command: string, rule: CiRule): string {
  const cases: string[] = [];
  let failures = 0;
  let errors = 0;
  for (const entry of orderedEntries(report)) {
    const { result: r, error: e } = entry;
    const { group, name } = entryName(entry, command);
    const open = `    <testcase${attrs({ classname: `syncstat.${command}${group === command ? '' : `.${group}`}`, name })}>`;
    let inner: string;
    if (e) {
      errors++;
      inner = `<error${attrs({ message: e.message, type: e.code })}>${xmlText(errorText(e))}</error>`;
    } else if (r.phase === 'failed') {
      failures++;
      inner = `<failure${attrs({ message: `${name} failed (${r.status ?? '-'})`, type: r.status ?? 'failed' })}>${xmlText(r.message ?? '')}</failure>`;
    } else if (rule.fails(r)) {
      failures++;
      inner = `<failure${attrs({ message: rule.why(r), type: r.status ?? r.phase })}>${xmlText(stateLine(r))}</failure>`;
    } else {
      inner = `<system-out>${xmlText(`${WARN_PHASES.has(r.phase) ? 'warning: ' : ''}${stateLine(r)}${r.message ? `: ${r.message}` : ''}`)}</system-out>`;
    }
    cases.push(`${open}\n      ${inner}\n    </testcase>`);
  }
  const tests = cases.length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: `syncstat ${command}`, tests, failures, errors })}>`,
    `  <testsuite${attrs({ name: command, tests, failures, errors, skipped: 0 })}>`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
  ].join('\n') + '\n';
}

/**
 * GitHub Actions workflow commands: an ::error per failed task (after a wait that ended unmet, per task
 * that did not meet it) and per task that could not be read,
 * a ::warning per paused or unknown one, a plain line per task, then the counts per phase.
 */
export function renderGithub(report: Report, command: string, rule: CiRule): string {
  const lines: string[] = [];
  for (const entry of orderedEntries(report)) {
    const { result: r, error: e } = entry;
    const { group, name } = entryName(entry, command);
    if (e) {
      lines.push(workflowCommand('error', `${group} ${name}`, `${e.message}${e.requestId ? ` (requestId ${e.requestId})` : ''}`));
      lines.push(neutralize(`${group} ${name}: ERROR (${e.message})`));
      continue;
    }
    const failed = failure(r, rule);
    if (failed !== null) lines.push(workflowCommand('error', `${group} ${name}`, failed));
    else if (WARN_PHASES.has(r.phase)) lines.push(workflowCommand('warning', `${group} ${name}`, problem(r)));
    lines.push(neutralize(`${group} ${name}: ${stateLine(r)}`));
  }
  lines.push(fleetSummary(report));
  return lines.join('\n') + '\n';
}
