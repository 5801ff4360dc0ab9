import { appendFile } from 'node:fs/promises';
import { fsReason } from '../core/fs-error.js';
import type { Report } from '../core/model.js';
import { renderStepSummary } from '../render/step-summary.js';
import type { CliContext } from './context.js';
import { scrubErrors } from './output.js';

/**
 * Appends the run's Markdown summary to $GITHUB_STEP_SUMMARY (GitHub Actions sets it for each step).
 * A file that cannot be written is a warning, never a different exit code: the report on stdout is
 * what the step is about.
 */
export async function appendStepSummary(ctx: CliContext, path: string, report: Report | null, exitCode: number, verdict?: string): Promise<void> {
  const empty: Report = { results: [], errors: [], raw: [], warnings: [] };
  const text = renderStepSummary(scrubErrors(ctx, report ?? empty), { command: ctx.command ?? 'syncstat', exitCode, verdict: verdict && ctx.secrets.scrub(verdict) });
  try {
    await appendFile(path, text, { encoding: 'utf8', mode: 0o644 });
  } catch (err) {
    ctx.log.warn(`cannot write the step summary to $GITHUB_STEP_SUMMARY (${path}): ${fsReason(err)}; set SYNCSTAT_NO_STEP_SUMMARY=1 to skip it`);
  }
}
