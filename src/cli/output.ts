import { SyncstatError } from '../core/errors.js';
import type { Report } from '../core/model.js';
import { reportExitCode } from '../core/report.js';
import type { Result } from '../core/model.js';
import type { CliContext } from './context.js';

/** `changed`: ids to mark as changed since the last poll (--watch on a terminal). */
export type TableRenderer = (report: Report, ctx: CliContext, changed?: ReadonlySet<string>) => string | Promise<string>;

/** Writes a report in the chosen format, its errors and warnings on stderr; returns the exit code. */
export async function emitReport(ctx: CliContext, report: Report, table: TableRenderer, alsoFails?: (r: Result) => boolean): Promise<number> {
  for (const w of report.warnings) ctx.log.warn(w);
  ctx.io.stdout.write(ctx.secrets.scrub(await renderReport(ctx, report, table)));
  emitErrors(ctx, report);
  return reportExitCode(report, alsoFails);
}

/** One stderr line per id that could not be read, with its request id and what to do. */
export function emitErrors(ctx: CliContext, report: Report): void {
  for (const e of report.errors) {
    const err = new SyncstatError(`${e.id}: ${e.message}`, e.exitCode, e.code, { requestId: e.requestId, suggestion: e.suggestion });
    ctx.log.info(ctx.paint.red('error: ') + err.toLine());
  }
}

async function renderReport(ctx: CliContext, report: Report, table: TableRenderer): Promise<string> {
  const json = await import('../render/json.js');
  if (ctx.raw) return json.renderRaw(report);
  switch (ctx.output) {
    case 'json':
      return json.renderJson(report);
    case 'ndjson':
      return json.renderNdjson(report);
    case 'tsv':
      return json.renderTsv(report);
    default:
      return table(report, ctx);
  }
}
