import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { addCommonOptions, helpFooter } from '../options.js';
import type { SetExit } from '../program.js';
import { runWithContext } from '../run.js';




const SERVE_HELP = `
A Prometheus exporter for the task list of \`syncstat fleet\` (--tasks, else tasks: of the profile in
the config file). Every --interval it polls each task (each service through its own limiter, as the
fleet does) and serves:
  /metrics   syncstat_task_phase{provider,kind,id,name,phase,<task labels>} (1 for the current
             phase, 0 for the others), syncstat_task_lag_seconds, syncstat_task_progress_ratio,
             syncstat_task_observed_timestamp_seconds, syncstat_task_up, syncstat_task_error_info
             {...,code}, syncstat_task_lag_stale; and the exporter's own: syncstat_requests_total,
             syncstat_request_duration_seconds, syncstat_throttled_total,
             syncstat_poll_duration_seconds, syncstat_last_successful_poll_timestamp_seconds,
             syncstat_tasks
  /healthz   200 while it runs
  /ready     200 once the first poll is done, 503 before
A task whose poll fails keeps its series (up 0, its error's code on syncstat_task_error_info).
--shard i/n polls only the tasks whose "service/id" hashes to i of n: run n exporters, one per
shard, and scrape them all. SIGHUP, or a change to the task list's file, reloads it (a broken list
keeps the previous one, and says why on stderr). SIGTERM or Ctrl-C lets the poll in progress end,
then stops (exit 0). Logs go to stderr: one line per poll only with --debug or when a task fails to
be read.
`;

export interface ServeOptions {
  tasks?: string;
  listen: string;
  interval: string;
  shard?: string;
  [key: string]: unknown;
}

export function registerServe(program: Command, io: CliIo, setExit: SetExit): Command {
  const cmd = program
    .command('serve')
    .description('a Prometheus exporter: polls the task list and serves /metrics, /healthz and /ready')
    .option('--tasks <file>', 'the task list: a YAML or JSON file, re-read on SIGHUP and when it changes; default: tasks: of the profile in the config file')
    .option('--listen <host:port>', 'address to serve on (":9464" for every interface)', '127.0.0.1:9464')
    .option('--interval <duration>', 'time between the starts of two polls (at least 1s)', '30s')
    .option('--shard <i/n>', 'poll only shard i of n (0 <= i < n) of the task list, by a stable hash of each task')
    .option('--stale-after <duration>', 'a non-zero lag the service has not refreshed for this long (and 3 polls) is stale: syncstat_task_lag_stale 1 (env SYNCSTAT_STALE_AFTER, config staleAfter; default 5m)');
  addCommonOptions(cmd, undefined, ['--profile', '--config', '--request-timeout', '--retries', '--concurrency', '--no-color', '--debug']);
  cmd.addHelpText('after', SERVE_HELP + helpFooter([
    'syncstat serve --tasks fleet.yaml',
    'syncstat serve --tasks fleet.yaml --listen :9464 --interval 1m',
    'syncstat serve --tasks fleet.yaml --shard 0/2   # and --shard 1/2 on another machine',
    'syncstat serve --tasks fleet.yaml --stale-after 10m   # a lag unchanged for 10m is stale',
    'curl -s localhost:9464/metrics | grep syncstat_task_phase',
  ], `Exit codes:
  0    stopped by SIGTERM or Ctrl-C
  2    usage error: a bad flag, --listen or --shard, or a bad task list given with --tasks
  3    configuration error: a bad task list in the config file, a bad config file
  5    cannot listen on --listen (the port is in use, the address is not this machine's)
  70   internal error (a bug: please report it with --debug output)`));
  return cmd.action(async (opts: ServeOptions) => {
    // The exporter cancels its requests itself, after letting the poll in progress finish: the
    // context gets a signal of its own, and the run's (SIGTERM, Ctrl-C) says when to stop.
    const polls = new AbortController();
    const pollIo: CliIo = { ...io, signal: polls.signal };
    setExit(await runWithContext(opts, pollIo, async (ctx) => (await import('../../serve/run.js')).runServe(ctx, opts, io.signal, () => polls.abort(io.signal.reason))));
  });
}
