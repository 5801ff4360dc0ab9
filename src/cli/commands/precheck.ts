import { Option, type Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { exitCodeHelp } from '../../core/exit-codes.js';
import type { Report, ReportedError } from '../../core/model.js';
import type { PrecheckGateOptions } from '../../render/precheck-items.js';
import type { CliContext } from '../context.js';
import type { CliIo } from '../io.js';
import { addCommonOptions, helpFooter, NINEDATA_CREDENTIALS_HELP, type CommonOptions } from '../options.js';
import type { SetExit } from '../program.js';
import { runWithContext } from '../run.js';

interface PrecheckOptions extends CommonOptions {
  failOn?: 'failure' | 'warning';
  wait?: boolean;
  interval?: string;
}

export const PRECHECK_FORMATS = ['table', 'json', 'ndjson', 'tsv', 'junit', 'github'];

type PrecheckRenderer = (report: Report, ctx: CliContext, gate: PrecheckGateOptions) => Promise<string>;

/** The formats only precheck has, and its table; json/ndjson/tsv are the common renderers. Loaded on use. */
const RENDERERS: Readonly<Record<string, PrecheckRenderer>> = {
  table: async (r, ctx) => (await import('../../render/table.js')).renderPrecheckTable(r, { paint: ctx.paint }),
  junit: async (r, _ctx, gate) => (await import('../../render/junit.js')).renderPrecheckJunit(r, gate),
  github: async (r, _ctx, gate) => (await import('../../render/github.js')).renderPrecheckGithub(r, gate),
};

const WAIT_HELP = `
Waiting (--wait): while a task's status is preChecking its precheck result is not final, so the tool
polls the task status every --interval (default 10s) until the precheck ends, then reports it.
--timeout is then the whole wait (default 30m; exit 6 when it runs out); each request still times out
after 10s, and network errors during the wait are retried until the wait's timeout.`;

export function registerPrecheck(program: Command, io: CliIo, setExit: SetExit): Command {
  const cmd = program
    .command('precheck')
    .description('NineData replication precheck verdict and its check items (exit 1 when it failed)')
    .argument('[replicationId...]', 'replication task ids (rp-...)')
    .addOption(new Option('--fail-on <level>', 'exit 1 on this verdict or worse').choices(['failure', 'warning']).default('failure'))
    .option('--wait', 'if a precheck is still running, wait for it to finish (--timeout is then the whole wait, default 30m)')
    .option('--interval <duration>', 'with --wait: time between polls, with jitter (default 10s)');
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
      if (!opts.wait && opts.interval !== undefined) throw new UsageError('--interval needs --wait', { suggestion: 'e.g. --wait --interval 30s' });
      // A precheck still running when the wait runs out is reported as such (exit 6), in every format.
      const timedOut = opts.wait ? await waitUntilPrechecked(ctx, ids, opts) : [];
      const finished = ids.filter((id) => !timedOut.some((e) => e.id === id));
      const [{ queryPrecheck }, { emptyReport }] = await Promise.all([import('../../providers/ninedata/index.js'), import('../../core/report.js')]);
      const report = finished.length ? await queryPrecheck(ctx.session, finished) : emptyReport();
      report.errors.push(...timedOut);
      const { emitReport } = await import('../output.js');
      const render = RENDERERS[ctx.output] ?? RENDERERS.table;
      return emitReport(ctx, report, (r) => render(r, ctx, gate), (r) => gate.failOn === 'warning' && r.status === 'warning');
    }));
  });
}

/**
 * --wait: polls task status while any precheck runs; returns an error for each precheck still running
 * when the wait ran out. Here --timeout is the whole wait; the context was made without it
 * (createContext drops --timeout when opts.wait is set), so requests keep the default.
 */
async function waitUntilPrechecked(ctx: CliContext, ids: string[], opts: PrecheckOptions): Promise<ReportedError[]> {
  const [{ parseDuration, formatDuration }, { DEFAULT_INTERVAL, DEFAULT_WAIT_TIMEOUT, DEFAULT_HEARTBEAT }, { waitForPrechecks, timedOutErrors }] = await Promise.all([
    import('../../core/duration.js'),
    import('../query.js'),
    import('../../providers/ninedata/precheck-wait.js'),
  ]);
  const timeoutMs = parseDuration(opts.timeout ?? DEFAULT_WAIT_TIMEOUT, '--timeout');
  const intervalMs = parseDuration(opts.interval ?? DEFAULT_INTERVAL, '--interval');
  if (timeoutMs <= 0) throw new UsageError('--timeout must be more than 0');
  if (intervalMs <= 0) throw new UsageError('--interval must be more than 0');
  const heartbeatMs = parseDuration(DEFAULT_HEARTBEAT);

  const s = ctx.session;
  let announced = false;
  let lastHeartbeat = s.now();
  const outcome = await waitForPrechecks(s, ids, { timeoutMs, intervalMs }, (poll, nextInMs) => {
    const states = poll.pending.map((id) => poll.states.get(id)).join('; ');
    s.log.debug(`precheck wait: ${poll.pending.length ? `still waiting: ${states}` : 'no precheck running'}${nextInMs === null ? '' : `; next poll in ${formatDuration(nextInMs)}`}`);
    if (!poll.pending.length) return;
    if (!announced) {
      announced = true;
      ctx.log.info(`waiting for the precheck to finish (${states}); polling every ${formatDuration(intervalMs)} for up to ${formatDuration(timeoutMs)}`);
    } else if (s.now() - lastHeartbeat >= heartbeatMs) {
      lastHeartbeat = s.now();
      ctx.log.info(`[heartbeat] ${new Date(s.now()).toISOString()} still waiting for the precheck: ${states}`);
    }
  });
  if (outcome.stillRunning.length) return timedOutErrors(outcome);
  if (outcome.waitedFor.length) ctx.log.info(`precheck finished after ${formatDuration(outcome.elapsedMs)} (${outcome.polls} status polls)`);
  return [];
}
