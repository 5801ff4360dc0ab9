import type { Report, ReportedError, Result } from '../core/model.js';
import { orderedEntries } from '../core/report.js';
import { fleetSummary, fleetTagOf, nameOf } from './fleet-table.js';
import { workflowCommand } from './github.js';
import { xmlAttr, xmlText } from './junit.js';
import { formatLag, formatProgress } from './format.js';
import { neutralize } from './safe-text.js';

const attrs = (pairs: Record<string, string | number>) => Object.entries(pairs).map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`).join('');

function rowName(r: Result): { service: string; name: string } {
  const tag = fleetTagOf(r.details);
  return { service: tag?.service ?? r.provider, name: nameOf(tag, r.id, tag?.id) };
}

function errorName(e: ReportedError): { service: string; name: string } {
  return { service: e.fleet?.service ?? e.provider, name: nameOf(e.fleet, e.id) };
}

const stateLine = (r: Result) => `${r.phase} (${r.status ?? '-'}; stage ${r.stage ?? '-'}; progress ${formatProgress(r.progress)}; lag ${formatLag(r.lagMs)})`;

/**
 * JUnit XML for a fleet: one <testsuite> "syncstat fleet", one <testcase> per task (classname by
 * service); a failed task is a <failure>, a task that could not be read an <error>.
 */
export function renderFleetJunit(report: Report): string {
  const cases: string[] = [];
  let failures = 0;
  let errors = 0;
  for (const { result: r, error: e } of orderedEntries(report)) {
    if (e) {
      errors++;
      const { service, name } = errorName(e);
      const text = [e.requestId ? `requestId ${e.requestId}` : '', e.suggestion ?? ''].filter(Boolean).join('\n');
      cases.push(`    <testcase${attrs({ classname: `syncstat.fleet.${service}`, name })}>\n      <error${attrs({ message: e.message, type: e.code })}>${xmlText(text)}</error>\n    </testcase>`);
      continue;
    }
    const { service, name } = rowName(r);
    const open = `    <testcase${attrs({ classname: `syncstat.fleet.${service}`, name })}>`;
    if (r.phase === 'failed') {
      failures++;
      cases.push(`${open}\n      <failure${attrs({ message: `${name} failed (${r.status ?? '-'})`, type: r.status ?? 'failed' })}>${xmlText(r.message ?? '')}</failure>\n    </testcase>`);
    } else {
      cases.push(`${open}\n      <system-out>${xmlText(stateLine(r))}</system-out>\n    </testcase>`);
    }
  }
  const tests = cases.length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: 'syncstat fleet', tests, failures, errors })}>`,
    `  <testsuite${attrs({ name: 'fleet', tests, failures, errors, skipped: 0 })}>`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
  ].join('\n') + '\n';
}

/** GitHub Actions: an ::error per failed task and per task that could not be read, a plain line per task, the summary. */
export function renderFleetGithub(report: Report): string {
  const lines: string[] = [];
  for (const { result: r, error: e } of orderedEntries(report)) {
    if (e) {
      const { service, name } = errorName(e);
      lines.push(workflowCommand('error', `${service} ${name}`, `${e.message}${e.requestId ? ` (requestId ${e.requestId})` : ''}`));
      lines.push(neutralize(`${service} ${name}: ERROR (${e.message})`));
      continue;
    }
    const { service, name } = rowName(r);
    if (r.phase === 'failed') lines.push(workflowCommand('error', `${service} ${name}`, `failed (${r.status ?? '-'})${r.message ? `: ${r.message}` : ''}`));
    lines.push(neutralize(`${service} ${name}: ${stateLine(r)}`));
  }
  lines.push(fleetSummary(report));
  return lines.join('\n') + '\n';
}
