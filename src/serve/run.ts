import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { formatDuration, parseDuration } from '../core/duration.js';
import { SyncstatError, UsageError } from '../core/errors.js';
import { EXIT } from '../core/exit-codes.js';
import type { CliContext } from '../cli/context.js';
import type { CommonOptions } from '../cli/options.js';
import { resolveStaleAfter } from '../cli/stale-after.js';
import { checkTasksSource, Exporter, type PollSummary } from './exporter.js';
import { parseListen } from './listen.js';
import { ServeMetrics } from './metrics.js';
import { startServer } from './server.js';
import { parseShard } from './shard.js';

export interface ServeFlags extends CommonOptions {
  tasks?: string;
  listen: string;
  interval: string;
  shard?: string;
  staleAfter?: string;
}

const MIN_INTERVAL_MS = 1000;
/** A poll's retries never run past the interval, but get at least this long. */
const MIN_POLL_BUDGET_MS = 10_000;
/** On SIGTERM the poll in progress gets this long to finish before its requests are cancelled. */
const STOP_GRACE_MS = 2500;
/** File events come in bursts (an editor writes, renames, chmods): one reload after they settle. */
const RELOAD_DEBOUNCE_MS = 300;

/**
 * `syncstat serve`: reads the task list (this shard's part), listens, then polls every interval
 * until SIGTERM/SIGINT (`stop`); then it lets the current poll finish (cancelled after a grace
 * period), closes the server and ends with 0. SIGHUP and changes to the list's file reload it; a
 * broken new list keeps the old one.
 */
export async function runServe(ctx: CliContext, flags: ServeFlags, stop: AbortSignal, cancelPolls: () => void): Promise<number> {
  const log = ctx.log;
  const shard = parseShard(flags.shard);
  const { host, port } = parseListen(flags.listen);
  checkTasksSource(flags.tasks);
  const intervalMs = parseInterval(ctx, flags.interval);
  const staleAfterMs = resolveStaleAfter(ctx, flags.staleAfter);

  let exporter: Exporter | undefined;
  const metrics = new ServeMetrics(() => exporter?.states.samples() ?? []);
  // Every request to a service goes through its host's limiter, shared by all the tasks polled.
  ctx.session.limiters = metrics.limiters(ctx.session.concurrency, { now: ctx.io.now, sleep: ctx.io.sleep, random: ctx.io.random, signal: ctx.io.signal });
  exporter = new Exporter(ctx, { tasks: flags.tasks, config: flags.config, shard, staleAfterMs }, metrics);
  const first = await exporter.read(false);
  for (const w of exporter.use(first)) log.warn(w);
  const mine = first.groups.reduce((n, g) => n + g.tasks.length, 0);
  const shardText = shard ? ` (shard ${shard.index}/${shard.count})` : '';
  if (stop.aborted) return EXIT.ok;

  let ready = false;
  const server = await startServer(host, port, {
    metrics: async () => ({ body: await metrics.text(), contentType: metrics.contentType }),
    ready: () => ready,
  });
  log.info(`syncstat serve: listening on ${server.url} (/metrics, /healthz, /ready); ${mine} of the ${first.total} tasks of ${first.where}${shardText}; polling every ${formatDuration(intervalMs)}`);

  // Waking the sleep between polls: on stop, and after a reload (the new list is polled at once).
  let wake = new AbortController();
  let pollNow = false;
  const onStop = () => wake.abort();
  stop.addEventListener('abort', onStop, { once: true });

  let reloads = Promise.resolve();
  const reload = (why: string) => {
    reloads = reloads.then(async () => {
      if (stop.aborted) return;
      try {
        const list = await exporter!.read(true);
        for (const w of exporter!.use(list)) log.warn(w);
        log.info(`task list reloaded (${why}): ${list.groups.reduce((n, g) => n + g.tasks.length, 0)} of the ${list.total} tasks of ${list.where}${shardText}`);
        pollNow = true;
        wake.abort();
      } catch (err) {
        const reason = err instanceof SyncstatError ? err.toLine() : err instanceof Error ? err.message : String(err);
        log.error(`task list not reloaded (${why}), keeping the previous one: ${reason}`);
      }
    });
    return reloads;
  };
  const offHangup = ctx.io.onHangup?.(() => void reload('SIGHUP'));
  const watcher = watchFile(ctx, exporter.watchedFile, () => void reload('file changed'));

  let polling: Promise<PollSummary> | undefined;
  let grace: NodeJS.Timeout | undefined;
  const onStopWhilePolling = () => {
    // The poll in progress may finish; one that hangs is cancelled before the 5 s a supervisor allows.
    grace = setTimeout(cancelPolls, STOP_GRACE_MS);
    grace.unref?.();
  };
  stop.addEventListener('abort', onStopWhilePolling, { once: true });
  try {
    while (!stop.aborted) {
      const started = ctx.io.now();
      polling = exporter.poll(Math.max(intervalMs, MIN_POLL_BUDGET_MS));
      const summary = await polling;
      ready = true;
      logPoll(ctx, summary);
      if (stop.aborted) break;
      if (pollNow) {
        pollNow = false;
        continue;
      }
      wake = new AbortController();
      await ctx.io.sleep(Math.max(0, intervalMs - (ctx.io.now() - started)), wake.signal);
      pollNow = false;
    }
  } finally {
    clearTimeout(grace);
    stop.removeEventListener('abort', onStop);
    stop.removeEventListener('abort', onStopWhilePolling);
    offHangup?.();
    watcher?.close();
    await reloads;
    await server.close();
  }
  log.info(`syncstat serve: stopped (${stop.reason === 'SIGTERM' ? 'SIGTERM' : 'SIGINT'})`);
  return EXIT.ok;
}

function parseInterval(ctx: CliContext, text: string): number {
  const ms = parseDuration(text, '--interval');
  if (ms <= 0) throw new UsageError('--interval must be more than 0');
  if (ms < MIN_INTERVAL_MS) ctx.log.warn(`--interval ${text} is below the minimum of ${formatDuration(MIN_INTERVAL_MS)}: polling every ${formatDuration(MIN_INTERVAL_MS)}`);
  return Math.max(ms, MIN_INTERVAL_MS);
}

/** One line per poll with --debug; without it, only for a poll with errors. */
function logPoll(ctx: CliContext, s: PollSummary): void {
  const line = `poll: ${s.tasks} task${s.tasks === 1 ? '' : 's'}, ${s.failed.length} with errors${s.failed.length ? ` (${s.failed.slice(0, 3).map((f) => `${f.service} ${f.id}: ${f.code}`).join(', ')}${s.failed.length > 3 ? ', …' : ''})` : ''} in ${formatDuration(Math.round(s.durationMs))}`;
  if (s.failed.length) ctx.log.warn(line);
  else if (ctx.log.debugEnabled) ctx.log.info(line);
}

/**
 * Watches the list's folder (editors replace a file rather than write it, which a watch on the file
 * itself would miss) for events on its name; a burst of events makes one reload.
 */
function watchFile(ctx: CliContext, file: string | undefined, onChange: () => void): FSWatcher | undefined {
  if (!file) return undefined;
  const path = resolve(ctx.io.cwd, file);
  const name = basename(path);
  let timer: NodeJS.Timeout | undefined;
  try {
    const watcher = watch(dirname(path), { persistent: false }, (_event, changed) => {
      if (changed !== null && changed.toString() !== name) return;
      clearTimeout(timer);
      timer = setTimeout(onChange, RELOAD_DEBOUNCE_MS);
    });
    watcher.on('error', (err) => ctx.log.warn(`no longer watching ${file} for changes (${(err as NodeJS.ErrnoException).code ?? err.message}): reload with SIGHUP`));
    watcher.on('close', () => clearTimeout(timer));
    return watcher;
  } catch (err) {
    ctx.log.warn(`cannot watch ${file} for changes (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): reload with SIGHUP`);
    return undefined;
  }
}
