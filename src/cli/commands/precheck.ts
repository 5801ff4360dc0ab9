import { Option, type Command } from 'commander';
import { exitCodeHelp } from '../../core/exit-codes.js';
import type { Report, ReportedError } from '../../core/model.js';
import type { PrecheckGateOptions } from '../../render/precheck-items.js';
import type { CliContext } from '../context.js';
import type { CliIo } from '../io.js';
import type { PreparedWait } from '../query.js';
import { addCommonOptions, helpFooter, NINEDATA_CREDENTIALS_HELP, type CommonOptions } from '../options.js';
import type { SetExit } from '../program.js';
import { runWithContext } from '../run.js';

interface PrecheckOptions extends CommonOptions {
  failOn?: 'failure' | 'warning';
  wait?: boolean;
  interval?: string;
  heartbeat?: string;
}

export const PRECHECK_FORMATS = ['table', 'wide', 'json', 'ndjson', 'tsv', 'junit', 'github'];

type PrecheckRenderer = (report: Report, ctx: CliContext, gate: PrecheckGateOptions) => Promise<string>;

/** The formats only precheck has, and its table; json/ndjson/tsv are the common renderers. Loaded on use. */
const RENDERERS: Readonly<Record<string, PrecheckRenderer>> = {
  table: async (r, ctx, gate) => (await import('../../render/table.js')).renderPrecheckTable(r, { paint: ctx.paint, layout: ctx.layout, failOn: gate.failOn }),
  junit: async (r, _ctx, gate) => (await import('../../render/junit.js')).renderPrecheckJunit(r, gate),
  github: async (r, _ctx, gate) => (await import('../../render/github.js')).renderPrecheckGithub(r, gate),
};

const WAIT_HELP = `
A precheck still running (task status preChecking) has no verdict yet: the endpoint still holds the
previous run's. Without --wait it is reported as PRECHECK_RUNNING (exit 6); with --wait the tool
polls the task status every --interval (default 10s) until the precheck ends, then reports it.
--timeout bounds the whole wait (default 30m; exit 6 when it runs out: the prechecks that finished are
still read, one attempt each); --request-timeout bounds each HTTP attempt (default 10s). Ctrl-C exits
130 and SIGTERM 143, and the report is still written.`;

export function registerPrecheck(program: Command, io: CliIo, setExit: SetExit): Command {
  const cmd = program
    .command('precheck')
    .description('NineData replication precheck verdict and its check items (exit 1 when it failed)')
    .argument('[replicationId...]', 'replication task ids (rp-...)')
    .addOption(new Option('--fail-on <level>', 'exit 1 on this verdict or worse').choices(['failure', 'warning']).default('failure'))
    .option('--wait', 'if a precheck is still running, wait for it to finish (--timeout is then the whole wait, default 30m)')
    .option('--interval <duration>', 'with --wait: time between polls, with jitter (default 10s, at least 1s)')
    .option('--heartbeat <duration>', 'with --wait, off a terminal: a "still waiting" line on stderr this often (default 60s)');
  addCommonOptions(cmd, PRECHECK_FORMATS);
  cmd.addHelpText('after', NINEDATA_CREDENTIALS_HELP + WAIT_HELP + '\n' + helpFooter([
    'syncstat precheck rp-div0qqpbffio',
    'syncstat precheck rp-div0qqpbffio --fail-on warning   # gate CI on warnings too',
    'syncstat precheck rp-div0qqpbffio --wait --timeout 20m -o github   # GitHub Actions annotations',
    'syncstat precheck rp-div0qqpbffio --wait -o junit > precheck.xml  # CI test report',
    "syncstat precheck rp-div0qqpbffio --json | jq -r '.results[].details.items[] | select(.status != \"success\") | .message'",
  ], exitCodeHelp({ waits: 'wait' })));
  return cmd.action(async (ids: string[], opts: PrecheckOptions) => {
    setExit(await runWithContext(opts, io, async (ctx) => {
      const gate: PrecheckGateOptions = { failOn: opts.failOn === 'warning' ? 'warning' : 'failure' };
      const [{ prepareWait }, { precheckFailureRule }, { emitReport }] = await Promise.all([import('../query.js'), import('../../render/precheck-items.js'), import('../output.js')]);
      const render = RENDERERS[ctx.output] ?? RENDERERS.table;
      const wait = prepareWait(ctx, opts, ['--wait'], (await import('../../providers/ninedata/precheck-wait.js')).PRECHECK_FINISHED);
      const { report, exitCode } = wait ? await precheckAfterWait(ctx, ids, wait) : { report: await precheckNow(ctx, ids), exitCode: undefined };
      report.ids = ids;
      const code = await emitReport(ctx, report, (r) => render(r, ctx, gate), precheckFailureRule(gate));
      return exitCode ?? code;
    }));
  });
}

/**
 * A one-shot precheck: the verdicts and each task's status, read together. A task still prechecking
 * has no verdict yet (the endpoint holds the previous run's): it is reported as running, never stale.
 */
async function precheckNow(ctx: CliContext, ids: string[]): Promise<Report> {
  const [{ queryPrecheck, queryStatus }, { PRECHECK_RUNNING_STATUS, unfinishedErrors }] = await Promise.all([import('../../providers/ninedata/index.js'), import('../../providers/ninedata/precheck-wait.js')]);
  const [status, precheck] = await Promise.all([queryStatus(ctx.session, ids), queryPrecheck(ctx.session, ids)]);
  const running = status.results.filter((r) => r.status === PRECHECK_RUNNING_STATUS).map((r) => r.id);
  return withUnfinished(precheck, unfinishedErrors(running, 'running', 0, () => PRECHECK_RUNNING_STATUS));
}

/** Drops the rows (stale verdicts) of the ids in `errors` and adds the errors in their place. */
function withUnfinished(report: Report, errors: ReportedError[]): Report {
  const ids = new Set(errors.map((e) => e.id));
  return { ...report, results: report.results.filter((r) => !ids.has(r.id)), errors: [...report.errors.filter((e) => !ids.has(e.id)), ...errors] };
}

/**
 * --wait: the one wait engine polls task status until no precheck runs; then the verdicts are read.
 * A precheck still running when the wait ran out (or was interrupted) is reported as such, in every
 * format, so a JUnit file or JSON is always written. `exitCode` overrides the report's (interrupted).
 */
async function precheckAfterWait(ctx: CliContext, ids: string[], wait: PreparedWait): Promise<{ report: Report; exitCode?: number }> {
  const [{ queryPrecheck, queryStatus }, { unsettled, unfinishedErrors }, { waitWithProgress }, { emptyReport }, { formatDuration }, { interruptExitCode }] = await Promise.all([
    import('../../providers/ninedata/index.js'),
    import('../../providers/ninedata/precheck-wait.js'),
    import('../query.js'),
    import('../../core/report.js'),
    import('../../core/duration.js'),
    import('../../core/errors.js'),
  ]);
  // Only ids still prechecking are asked again; a settled id keeps the row that settled it.
  const settled = new Map<string, { result?: Report['results'][number]; error?: ReportedError }>();
  let pending = ids;
  const poll = async (): Promise<Report> => {
    const report = await queryStatus(ctx.session, pending);
    const still = new Set(unsettled(report));
    for (const result of report.results) if (!still.has(result.id)) settled.set(result.id, { result });
    for (const error of report.errors) if (!still.has(error.id)) settled.set(error.id, { error });
    const fresh = new Set(pending);
    pending = pending.filter((id) => !settled.has(id));
    const kept = [...settled].filter(([id]) => !fresh.has(id)).map(([, e]) => e);
    return {
      ...report,
      ids,
      results: [...report.results, ...kept.flatMap((e) => (e.result ? [e.result] : []))],
      errors: [...report.errors, ...kept.flatMap((e) => (e.error ? [e.error] : []))],
    };
  };
  const outcome = await waitWithProgress(ctx, poll, wait);
  const last = outcome.report ?? emptyReport();
  const lastSeen = (id: string) => {
    const row = last.results.find((r) => r.id === id);
    return row ? `${id} is ${row.status ?? '-'}` : (last.errors.find((e) => e.id === id)?.message ?? 'no answer');
  };
  switch (outcome.end) {
    case 'interrupted':
      ctx.log.info(`interrupted after ${formatDuration(outcome.elapsedMs)} waiting for the precheck to finish; last seen: ${ids.map(lastSeen).join('; ')}`);
      return { report: { ...emptyReport(), errors: unfinishedErrors(ids, 'interrupted', outcome.elapsedMs, lastSeen) }, exitCode: interruptExitCode(ctx.session.signal) };
    case 'unreachable':
    case 'fatal':
      // The task-status errors say why (credentials, or a service that never answered: exit 3 or 5).
      return { report: { ...last, warnings: [] } };
    default: {
      const pending = outcome.end === 'timeout' ? unsettled(last) : [];
      const finished = ids.filter((id) => !pending.includes(id));
      // After a timed-out wait the prechecks that did finish are still read, one attempt each within
      // --request-timeout: a CI report with them beats one without.
      const session = outcome.end === 'timeout' ? { ...ctx.session, deadline: undefined, retry: { ...ctx.session.retry, retries: 0 } } : ctx.session;
      const report = finished.length ? await queryPrecheck(session, finished) : emptyReport();
      if (outcome.polls > 1 && outcome.end !== 'timeout') ctx.log.info(`precheck finished after ${formatDuration(outcome.elapsedMs)} (${outcome.polls} status polls)`);
      return { report: withUnfinished(report, unfinishedErrors(pending, 'timeout', outcome.elapsedMs, lastSeen)) };
    }
  }
}
