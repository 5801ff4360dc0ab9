import { interruptExitCode, UsageError } from '../core/errors.js';
import { EXIT, mostSevere } from '../core/exit-codes.js';
import { formatDuration, parseDuration } from '../core/duration.js';
import type { Report, Result } from '../core/model.js';
import { reportExitCode } from '../core/report.js';
import { runWait, untilCondition, parseUntil, WATCH_CONDITION, type WaitCondition, type WaitOutcome, type WaitPlan, type WaitProgress } from '../core/wait.js';
import { diffResults, renderEvents } from '../render/events.js';
import { fitCell } from '../render/safe-text.js';
import type { CliContext } from './context.js';
import { emitProblems, emitReport, emitStepSummary, renderReport, TASK_FAILED, warnUnknownStatuses, type FailureRule, type TableRenderer } from './output.js';
import { checkWaitFlags, type WaitFlags } from './wait-options.js';
import { resolveStaleAfter } from './stale-after.js';

export const DEFAULT_WAIT_TIMEOUT = '30m';
export const DEFAULT_INTERVAL = '10s';
export const DEFAULT_HEARTBEAT = '60s';
/** The shortest --interval: a lower one is raised to it, with a warning. */
export const MIN_INTERVAL_MS = 1000;

/** A wait as the flags describe it, checked before any request is sent. */
export interface PreparedWait {
  condition: WaitCondition;
  plan: WaitPlan;
  heartbeatMs: number;
  /** --watch: stream changes (stdout) while polling. */
  watch: boolean;
  /** For messages: "waiting for the precheck to finish", "waiting for every task syncing", "watching". */
  activity: string;
}

/**
 * Rows of a service that never reports a lag (its command's `noLag`): under --max-lag they are judged
 * on their phase, and stderr says so once. `noun` names them: "sync jobs".
 */
export interface Lagless {
  noun: string;
  test(r: Result): boolean;
}

/** Formats a watch can stream; the others describe one moment and make no sense as a stream. */
const WATCH_FORMATS = ['table', 'wide', 'tsv', 'ndjson'];

/**
 * Reads the wait flags. Null when the command does not wait (a one-shot query). `--timeout` is the
 * whole wait: 30m by default for a condition, none for a bare --watch (it runs until stopped).
 */
export function prepareWait(ctx: CliContext, flags: WaitFlags, waitFlags: readonly string[], condition?: WaitCondition, lagless: readonly Lagless[] = []): PreparedWait | null {
  checkWaitFlags(flags, waitFlags);
  const interval = flags.interval === undefined ? undefined : parseDuration(flags.interval, '--interval');
  const heartbeat = flags.heartbeat === undefined ? undefined : parseDuration(flags.heartbeat, '--heartbeat');
  if (interval !== undefined && interval <= 0) throw new UsageError('--interval must be more than 0');
  // A typo (--interval 10ms) must not send hundreds of requests a second; no service documents a lower limit.
  if (interval !== undefined && interval < MIN_INTERVAL_MS) ctx.log.warn(`--interval ${flags.interval} is below the minimum of ${formatDuration(MIN_INTERVAL_MS)}: polling every ${formatDuration(MIN_INTERVAL_MS)}`);
  if (heartbeat !== undefined && heartbeat <= 0) throw new UsageError('--heartbeat must be more than 0');
  const maxLagMs = flags.maxLag === undefined ? undefined : parseDuration(flags.maxLag, '--max-lag');
  const holdMs = flags.for === undefined ? undefined : parseDuration(flags.for, '--for');
  if (holdMs !== undefined && holdMs <= 0) throw new UsageError('--for must be more than 0', { suggestion: 'e.g. --for 2m' });
  if (!flags.until && !flags.watch && !flags.wait) return null;
  const staleAfterMs = resolveStaleAfter(ctx, flags.staleAfter);
  // A format the flag asked for and a watch cannot stream is refused; one from the env or config file
  // (a default for one-shot queries) leaves the watch its own default.
  if (flags.watch && ctx.general.sources.output.startsWith('flag') && !ctx.raw && !WATCH_FORMATS.includes(ctx.output)) {
    throw new UsageError(`--watch streams changes and cannot write -o ${ctx.output}`, { suggestion: `Use -o ${WATCH_FORMATS.join(', -o ')}, or --until without --watch to print the final state once` });
  }
  const laglessHere = maxLagMs === undefined ? [] : lagless;
  for (const l of laglessHere) ctx.log.info(`${l.noun} report no lag: --max-lag judged on phase only`);
  const isLagless = laglessHere.length ? (r: Result) => laglessHere.some((l) => l.test(r)) : undefined;
  const until = flags.until ? untilCondition({ until: parseUntil(flags.until), maxLagMs, any: Boolean(flags.any), holdMs, lagless: isLagless }) : undefined;
  const chosen = condition ?? until ?? WATCH_CONDITION;
  const timeoutMs = ctx.timeoutMs ?? (chosen === WATCH_CONDITION ? undefined : parseDuration(DEFAULT_WAIT_TIMEOUT));
  ctx.session.deadline = timeoutMs === undefined ? undefined : ctx.session.now() + timeoutMs;
  return {
    condition: chosen,
    plan: { timeoutMs, intervalMs: Math.max(MIN_INTERVAL_MS, interval ?? parseDuration(DEFAULT_INTERVAL)), staleAfterMs, failEarly: Boolean(flags.failEarly) },
    heartbeatMs: heartbeat ?? parseDuration(DEFAULT_HEARTBEAT),
    watch: Boolean(flags.watch),
    activity: chosen.activity ?? `waiting for "${chosen.describe}"`,
  };
}


/**
 * Runs a query once, or polls it for --until / --watch. `poll` makes one round of requests and
 * returns the report; everything about time, output and exit codes is decided here.
 */
export async function runQuery(ctx: CliContext, poll: () => Promise<Report>, flags: WaitFlags, table: TableRenderer, rule: FailureRule = TASK_FAILED, lagless: readonly Lagless[] = []): Promise<number> {
  const wait = prepareWait(ctx, flags, ['--until', '--watch'], undefined, lagless);
  if (!wait) {
    const report = await poll();
    const code = await emitReport(ctx, report, table, rule);
    await emitStepSummary(ctx, report, code);
    return code;
  }
  const stream = wait.watch ? watchStream(ctx, table, wait.condition) : undefined;
  const outcome = await waitWithProgress(ctx, poll, wait, stream);
  return finishWait(ctx, outcome, wait, table, rule, Boolean(stream));
}

/** Runs the engine, showing progress on stderr (a live line on a terminal, heartbeats off one). */
export async function waitWithProgress(ctx: CliContext, poll: () => Promise<Report>, wait: PreparedWait, stream?: (report: Report) => Promise<void>): Promise<WaitOutcome> {
  const s = ctx.session;
  let lastHeartbeat = s.now();
  let announced = false;
  const onPoll = async (p: WaitProgress) => {
    for (const n of p.notices) ctx.log.warn(n);
    if (p.report) {
      for (const w of p.report.warnings) if (!ctx.warned.has(w)) (ctx.warned.add(w), ctx.log.warn(w));
      warnUnknownStatuses(ctx, p.report);
      await stream?.(p.report);
    }
    const why = [p.verdict.state === 'waiting' && p.verdict.why.length ? p.verdict.why.join('; ') : '', p.lastFailure ? `last poll failed: ${p.lastFailure}` : ''].filter(Boolean).join('; ');
    const elapsed = formatDuration(p.elapsedMs);
    if (!announced && p.nextInMs !== null && !ctx.io.stderrIsTTY) {
      // A CI log says once what it waits for and how: the heartbeats that follow are only signs of life.
      announced = true;
      lastHeartbeat = s.now();
      const limit = wait.plan.timeoutMs === undefined ? 'until stopped' : `for up to ${formatDuration(wait.plan.timeoutMs)}`;
      ctx.log.info(`${wait.activity}${why ? ` (${why})` : ''}; polling every ${formatDuration(wait.plan.intervalMs)} ${limit}`);
    } else if (ctx.io.stderrIsTTY) {
      // The live line is cut to the terminal: one that wrapped could not be erased by the next.
      const line = ctx.log.clean(`elapsed ${elapsed}${p.nextInMs === null ? '' : ` · next poll in ${formatDuration(p.nextInMs)}`}${why ? `: ${why}` : ''}`);
      ctx.io.stderr.write(`\r\x1b[K${ctx.paint.dim(fitCell(line, Math.max(20, (ctx.io.columns ?? 80) - 1)))}`);
    } else if (s.now() - lastHeartbeat >= wait.heartbeatMs) {
      lastHeartbeat = s.now();
      ctx.log.info(`[heartbeat] ${new Date(s.now()).toISOString()} still ${wait.activity} after ${elapsed}${why ? `: ${why}` : ''}`);
    }
  };
  const outcome = await runWait(poll, wait.condition, wait.plan, s, onPoll);
  if (ctx.io.stderrIsTTY) ctx.io.stderr.write('\r\x1b[K');
  return outcome;
}

/**
 * --watch output: a live table on a terminal; off one (or with -o), a table, TSV rows or NDJSON
 * events for what changed since the previous poll.
 */
function watchStream(ctx: CliContext, table: TableRenderer, condition: WaitCondition): (report: Report) => Promise<void> {
  const seen = new Map<string, Report['results'][number]>();
  const live = ctx.io.stdoutIsTTY && (ctx.output === 'table' || ctx.output === 'wide') && !ctx.raw;
  const format = ctx.outputExplicit && WATCH_FORMATS.includes(ctx.output) ? ctx.output : live ? 'table' : 'ndjson';
  let headerWritten = false;
  return async (given) => {
    // --query, --columns, --sort-by, --no-headers shape each thing streamed (src/cli/shaping.ts).
    const shaping = ctx.shape ? await import('./shaping.js') : undefined;
    const plain = (r: Report) => renderReport({ ...ctx, shape: undefined }, r, table);
    const report = shaping ? shaping.sortForWatch(ctx, given) : given;
    const time = new Date(ctx.session.now()).toISOString();
    const changes = diffResults(seen, report, time, condition.holding);
    const changed = new Set(changes.map((c) => `${c.provider}/${c.id}`));
    const out = (text: string) => ctx.io.stdout.write(text);
    // A live table fits the terminal's height: the header stays, the rows past it become "… N more"
    // (one line is left for the progress line on stderr).
    const liveCtx = ctx.io.rows ? { ...ctx, layout: { ...ctx.layout, maxLines: Math.max(3, ctx.io.rows - 1) } } : ctx;
    const changedIds = new Set(changes.map((c) => c.id));
    if (live) return void out('\x1b[H\x1b[2J' + (shaping ? await shaping.renderShaped(liveCtx, report, table, plain, { changed: changedIds }) : await table(report, liveCtx, changedIds)));
    if (!changes.length) return;
    if (format === 'ndjson') return void out(shaping ? shaping.shapeEvents(ctx, changes, renderEvents) : renderEvents(changes));
    const rows = report.results.filter((r) => changed.has(`${r.provider}/${r.id}`));
    const chunk = { ...report, results: rows, errors: [] };
    if (shaping) {
      const text = await shaping.renderShaped(ctx, chunk, table, plain, { header: format !== 'tsv' || !headerWritten });
      headerWritten = true;
      return void out(format === 'tsv' ? text : `# ${time}\n${text}`);
    }
    if (format === 'tsv') {
      const { TSV_HEADER, tsvRows } = await import('../render/json.js');
      out((headerWritten ? '' : TSV_HEADER + '\n') + tsvRows(rows, [], report.ids).join('\n') + '\n');
      headerWritten = true;
      return;
    }
    out(`# ${time}\n${await table(chunk, ctx)}`);
  };
}

/**
 * The end of a wait: the final state once (unless streamed), why it ended on stderr, and the exit
 * code; then the step summary, with that line as its verdict.
 */
async function finishWait(ctx: CliContext, outcome: WaitOutcome, wait: PreparedWait, table: TableRenderer, rule: FailureRule, streamed: boolean): Promise<number> {
  let verdict: string | undefined;
  const code = await endWait(ctx, outcome, wait, table, rule, streamed, (text) => (verdict = text));
  await emitStepSummary(ctx, outcome.report, code, verdict);
  return code;
}

async function endWait(ctx: CliContext, outcome: WaitOutcome, wait: PreparedWait, table: TableRenderer, rule: FailureRule, streamed: boolean, said: (verdict: string) => void): Promise<number> {
  const elapsed = formatDuration(outcome.elapsedMs);
  const report = outcome.report;
  // A wait that ended unmet (failed, timed out, late): a CI report shows the rows that did not meet it as failing too.
  const unmet = (outcome.end === 'failed' || outcome.end === 'timeout' || outcome.end === 'late') && wait.condition.unmet;
  const shown: FailureRule = unmet ? { fails: (r) => rule.fails(r) || unmet(r) !== null, why: (r) => (rule.fails(r) ? rule.why(r) : unmet(r)!) } : rule;
  const emit = async () => {
    if (!report) return EXIT.ok;
    if (streamed) {
      emitProblems(ctx, report, rule);
      return reportExitCode(report, rule.fails);
    }
    return emitReport(ctx, { ...report, warnings: [] }, table, rule, shown);
  };
  const error = (text: string) => (said(text), ctx.log.error(text));
  const info = (text: string) => (said(text), ctx.log.info(text));
  switch (outcome.end) {
    case 'interrupted': {
      // The last state seen still goes to stdout: `--until … --json > state.json` is never left empty.
      if (report && !streamed) ctx.io.stdout.write(await renderReport(ctx, report, table));
      info(`interrupted after ${elapsed}${report ? `; last seen: ${summarize(report)}` : ''}`);
      return interruptExitCode(ctx.session.signal);
    }
    case 'unreachable':
      await emit();
      error(`gave up ${wait.activity}: the service never answered (${outcome.polls} poll${outcome.polls === 1 ? '' : 's'}, each with its retries)`);
      return EXIT.network;
    case 'met': {
      const code = await emit();
      info(`condition "${wait.condition.describe}" met after ${elapsed}${outcome.verdict.why.length && outcome.verdict.why.length < (report?.results.length ?? 0) ? ` by ${outcome.verdict.why.join(', ')}` : ''}`);
      return code;
    }
    case 'failed': {
      const code = await emit();
      error(`condition "${wait.condition.describe}" can no longer be met after ${elapsed}: ${outcome.verdict.why.join('; ')}`);
      return mostSevere([EXIT.taskFailed, code]);
    }
    case 'fatal':
      return emit();
    case 'late': {
      // --fail-early: the wait cannot end well in time, so it ends now (the timeout's exit code).
      await emit();
      error(`${outcome.verdict.why.join('; ')} (--fail-early)`);
      return EXIT.waitTimeout;
    }
    case 'timeout': {
      if (wait.condition === WATCH_CONDITION) {
        // A bare --watch has no condition to miss: --timeout is simply how long to watch.
        const code = await emit();
        info(`stopped watching after ${elapsed} (--timeout)`);
        return code;
      }
      await emit();
      const why = outcome.verdict.why.join('; ') || (report ? summarize(report) : 'no answer yet');
      error(`timed out after ${elapsed} ${wait.activity}: ${why}`);
      return EXIT.waitTimeout;
    }
  }
}

export function summarize(report: Report): string {
  const rows = report.results.map((r) => `${r.id} ${r.phase} (${r.status ?? '-'}${r.lagMs !== null ? `, lag ${formatDuration(r.lagMs)}` : ''})`);
  const errors = report.errors.map((e) => `${e.id} error: ${e.message}`);
  return [...rows, ...errors].join('; ') || 'nothing';
}
