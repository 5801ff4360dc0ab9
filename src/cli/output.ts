import { SyncstatError } from '../core/errors.js';
import type { Report, ReportedError, Result } from '../core/model.js';
import { orderedEntries, reportExitCode } from '../core/report.js';
import type { CliContext } from './context.js';

/**
 * `changed`: ids to mark as changed since the last poll (--watch on a terminal). `rule`: which rows a
 * CI report shows as failing (after a wait that ended unmet, also the rows that did not meet it).
 */
export type TableRenderer = (report: Report, ctx: CliContext, changed?: ReadonlySet<string>, rule?: FailureRule) => string | Promise<string>;

/**
 * A task command's renderer for what is not JSON, NDJSON or TSV: its table, or a CI report (one
 * renderer per format for every task command: src/render/ci.ts, loaded only then).
 */
export function withCiReports(command: string, table: TableRenderer): TableRenderer {
  return async (report, ctx, changed, rule = TASK_FAILED) => {
    if (ctx.output === 'junit') return (await import('../render/ci.js')).renderJunit(report, command, rule);
    if (ctx.output === 'github') return (await import('../render/ci.js')).renderGithub(report, command, rule);
    return table(report, ctx, changed, rule);
  };
}

/**
 * Under GitHub Actions ($GITHUB_STEP_SUMMARY set, SYNCSTAT_NO_STEP_SUMMARY not), whatever the output
 * format: a Markdown table of the final state and the verdict on the job's summary page. Loaded only then.
 */
export async function emitStepSummary(ctx: CliContext, report: Report | null, exitCode: number, verdict?: string): Promise<void> {
  const path = ctx.io.env.GITHUB_STEP_SUMMARY;
  const off = ctx.io.env.SYNCSTAT_NO_STEP_SUMMARY;
  if (!path || (off !== undefined && off !== '' && off !== '0')) return;
  await (await import('./step-summary.js')).appendStepSummary(ctx, path, report, exitCode, verdict);
}

/** How a command judges and explains its rows: which fail (exit 1) and, for each, one line saying why. */
export interface FailureRule {
  fails(r: Result): boolean;
  why(r: Result): string;
}

/** The default: a task in phase "failed", with its status and message. */
export const TASK_FAILED: FailureRule = {
  fails: (r) => r.phase === 'failed',
  why: (r) => `${r.id} failed (${r.status ?? '-'}${r.message ? `: ${r.message}` : ''})`,
};

/**
 * Writes a report in the chosen format, then on stderr why any id fails or errs; returns the exit code.
 * `shown`: the rows a CI report shows as failing, when more than `rule`'s (a wait that ended unmet).
 */
export async function emitReport(ctx: CliContext, report: Report, table: TableRenderer, rule: FailureRule = TASK_FAILED, shown: FailureRule = rule): Promise<number> {
  for (const w of report.warnings) ctx.log.warn(w);
  warnUnknownStatuses(ctx, report);
  ctx.io.stdout.write(await renderReport(ctx, report, table, shown));
  emitProblems(ctx, report, rule);
  return reportExitCode(report, rule.fails);
}

/**
 * One stderr line per id that could not be read or that fails, in the order given: a non-zero exit
 * always says why there, whatever stdout carries (JSON, JUnit, GitHub commands).
 */
export function emitProblems(ctx: CliContext, report: Report, rule: FailureRule = TASK_FAILED): void {
  for (const entry of orderedEntries(report)) {
    if (entry.error) emitError(ctx, entry.error);
    else if (rule.fails(entry.result)) ctx.log.error(rule.why(entry.result));
  }
}

function emitError(ctx: CliContext, e: ReportedError): void {
  const err = new SyncstatError(`${e.id}: ${e.message}`, e.exitCode, e.code, { requestId: e.requestId, suggestion: e.suggestion });
  ctx.log.error(err.toLine());
}

/** A status value no table knows is shown as phase "unknown"; say so once per value and run. */
export function warnUnknownStatuses(ctx: CliContext, report: Report): void {
  for (const r of report.results) {
    if (r.phase !== 'unknown') continue;
    const key = `${r.provider}/${r.kind}/${r.status}`;
    if (ctx.warned.has(key)) continue;
    ctx.warned.add(key);
    ctx.log.warn(`${r.id}: unknown ${r.provider} ${r.kind} status ${JSON.stringify(r.status)}, shown as phase "unknown" (syncstat may need an update)`);
  }
}

/**
 * The report as it may be written: an error's message, suggestion and body are diagnostics (a service
 * may echo a credential in them), so registered secrets are scrubbed there; result rows are data and
 * are never altered.
 */
export function scrubErrors(ctx: CliContext, report: Report): Report {
  if (!report.errors.length) return report;
  const scrub = (s: string) => ctx.secrets.scrub(s);
  const errors = report.errors.map((e) => ({
    ...e,
    message: scrub(e.message),
    ...(e.suggestion === undefined ? {} : { suggestion: scrub(e.suggestion) }),
    ...(e.rawBody === undefined ? {} : { rawBody: scrub(e.rawBody) }),
  }));
  return { ...report, errors };
}

export async function renderReport(ctx: CliContext, given: Report, table: TableRenderer, rule?: FailureRule): Promise<string> {
  const json = await import('../render/json.js');
  const report = scrubErrors(ctx, given);
  if (ctx.raw) return json.renderRaw(report);
  // Shaping (--query, --columns, --sort-by, --no-headers, -o yaml) hands what it does not shape back here.
  if (ctx.shape) return (await import('./shaping.js')).renderShaped(ctx, report, table, (r) => renderReport({ ...ctx, shape: undefined }, r, table, rule));
  switch (ctx.output) {
    case 'json':
      return json.renderJson(report);
    case 'ndjson':
      return json.renderNdjson(report);
    case 'tsv':
      return json.renderTsv(report);
    case 'openmetrics':
    case 'prometheus': {
      const { text, warnings } = (await import('../render/openmetrics.js')).renderMetrics(report, ctx.output as 'openmetrics' | 'prometheus');
      for (const w of warnings) ctx.log.warn(w);
      return text;
    }
    default:
      return table(report, ctx, undefined, rule);
  }
}
