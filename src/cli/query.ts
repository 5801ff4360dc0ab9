import { InterruptedError, UsageError } from '../core/errors.js';
import { EXIT } from '../core/exit-codes.js';
import { formatDuration, parseDuration } from '../core/duration.js';
import type { Report } from '../core/model.js';
import { reportExitCode } from '../core/report.js';
import { judge, parseUntil, pollUntil, type Condition, type Verdict } from '../core/wait.js';
import { diffResults, renderEvents } from '../render/events.js';
import type { CliContext } from './context.js';
import { emitErrors, emitReport, type TableRenderer } from './output.js';
import type { WaitFlags } from './wait-options.js';

export const DEFAULT_WAIT_TIMEOUT = '30m';
export const DEFAULT_INTERVAL = '10s';
export const DEFAULT_HEARTBEAT = '60s';

/** True when the command polls (then --timeout is the whole wait, not one request's). */
export function isWaiting(flags: WaitFlags & { wait?: boolean }): boolean {
  return Boolean(flags.until || flags.watch || flags.wait);
}

/**
 * Runs a query once, or polls it for --until / --watch. `poll` makes one round of requests and
 * returns the report; everything about time, output and exit codes is decided here.
 */
export async function runQuery(ctx: CliContext, poll: () => Promise<Report>, flags: WaitFlags, table: TableRenderer): Promise<number> {
  if (!isWaiting(flags)) return emitReport(ctx, await poll(), table);
  if ((flags.maxLag || flags.any) && !flags.until) throw new UsageError(`${flags.maxLag ? '--max-lag' : '--any'} needs --until`, { suggestion: 'e.g. --until syncing --max-lag 5s' });
  const condition: Condition | null = flags.until
    ? { until: parseUntil(flags.until), maxLagMs: flags.maxLag ? parseDuration(flags.maxLag, '--max-lag') : undefined, any: Boolean(flags.any) }
    : null;
  // --timeout (or SYNCSTAT_TIMEOUT, config timeout), already checked by the context.
  const timeoutMs = ctx.timeoutMs ?? parseDuration(DEFAULT_WAIT_TIMEOUT);
  const intervalMs = parseDuration(flags.interval ?? DEFAULT_INTERVAL, '--interval');
  const heartbeatMs = parseDuration(flags.heartbeat ?? DEFAULT_HEARTBEAT, '--heartbeat');
  if (intervalMs <= 0) throw new UsageError('--interval must be more than 0');

  const s = ctx.session;
  const started = s.now();
  const live = Boolean(flags.watch) && ctx.io.stdoutIsTTY && ctx.output === 'table';
  const events = Boolean(flags.watch) && !live;
  const seen = new Map<string, Report['results'][number]>();
  const warned = new Set<string>();
  let lastHeartbeat = started;
  let last: Report | null = null;
  let verdict: Verdict = { state: 'waiting', why: [] };

  const onPoll = async (report: Report, nextInMs: number | null) => {
    for (const w of report.warnings) if (!warned.has(w)) (warned.add(w), ctx.log.warn(w));
    const changes = diffResults(seen, report, new Date(s.now()).toISOString());
    if (events) ctx.io.stdout.write(ctx.secrets.scrub(renderEvents(changes)));
    if (live) {
      const marked = new Set(changes.map((c) => c.id));
      ctx.io.stdout.write('\x1b[H\x1b[2J' + (await table(report, ctx, marked)));
    }
    const elapsed = formatDuration(s.now() - started);
    const waitingWhy = verdict.state === 'waiting' && verdict.why.length ? `: ${verdict.why.join('; ')}` : '';
    if (ctx.io.stderrIsTTY) {
      ctx.io.stderr.write(`\r\x1b[K${ctx.paint.dim(`elapsed ${elapsed}${nextInMs === null ? '' : ` · next poll in ${formatDuration(nextInMs)}`}${waitingWhy}`)}`);
    } else if (s.now() - lastHeartbeat >= heartbeatMs) {
      lastHeartbeat = s.now();
      ctx.log.info(`[heartbeat] ${new Date(s.now()).toISOString()} still ${condition ? `waiting for ${condition.until}` : 'watching'} after ${elapsed}${waitingWhy}`);
    }
  };

  try {
    const { value, timedOut } = await pollUntil(
      async () => (last = await poll()),
      (report) => {
        verdict = condition ? judge(report, condition) : report.errors.some((e) => e.exitCode !== EXIT.network) ? { state: 'fatal' } : { state: 'waiting', why: [] };
        return verdict.state !== 'waiting';
      },
      { timeoutMs, intervalMs },
      s,
      (report, next) => void onPoll(report, next),
    );
    if (ctx.io.stderrIsTTY) ctx.io.stderr.write('\r\x1b[K');
    return finish(ctx, value, verdict, timedOut, condition, s.now() - started, table, live || events);
  } catch (err) {
    if (!(err instanceof InterruptedError)) throw err;
    if (ctx.io.stderrIsTTY) ctx.io.stderr.write('\r\x1b[K');
    ctx.log.info(`interrupted after ${formatDuration(s.now() - started)}${last ? `; last seen: ${summarize(last)}` : ''}`);
    return EXIT.interrupted;
  }
}

function summarize(report: Report): string {
  const rows = report.results.map((r) => `${r.id} ${r.phase} (${r.status ?? '-'}${r.lagMs !== null ? `, lag ${formatDuration(r.lagMs)}` : ''})`);
  const errors = report.errors.map((e) => `${e.id} error: ${e.message}`);
  return [...rows, ...errors].join('; ') || 'nothing';
}

async function finish(
  ctx: CliContext,
  report: Report,
  verdict: Verdict,
  timedOut: boolean,
  condition: Condition | null,
  elapsedMs: number,
  table: TableRenderer,
  streamed: boolean,
): Promise<number> {
  const elapsed = formatDuration(elapsedMs);
  // A watch already streamed its output; a wait prints the final state once, in the chosen format.
  const code = streamed ? (emitErrors(ctx, report), reportExitCode(report)) : await emitReport(ctx, { ...report, warnings: [] }, table);
  if (!condition) return code;
  switch (verdict.state) {
    case 'met':
      ctx.log.info(`condition "${describe(condition)}" met after ${elapsed}`);
      return code;
    case 'failed':
      ctx.log.info(ctx.paint.red('error: ') + `condition "${describe(condition)}" can no longer be met after ${elapsed}: ${verdict.why.join('; ')}`);
      return EXIT.taskFailed;
    case 'fatal':
      return code;
    case 'waiting':
      if (!timedOut) return code;
      ctx.log.info(ctx.paint.red('error: ') + `timed out after ${elapsed} waiting for "${describe(condition)}": ${verdict.why.join('; ') || summarize(report)}`);
      return EXIT.waitTimeout;
  }
}

function describe(c: Condition): string {
  return `${c.any ? 'any task' : 'every task'} ${c.until}${c.maxLagMs !== undefined ? ` with lag <= ${formatDuration(c.maxLagMs)}` : ''}`;
}
