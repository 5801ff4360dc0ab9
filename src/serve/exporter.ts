import { loadConfigFile } from '../core/config.js';
import { SyncstatError, UsageError } from '../core/errors.js';
import { EXIT } from '../core/exit-codes.js';
import type { Report } from '../core/model.js';
import { emptyReport, toReportedError } from '../core/report.js';
import type { Session } from '../core/session.js';
import type { CliContext } from '../cli/context.js';
import { fleetCommands } from '../cli/commands/fleet.js';
import { loadFleetTasks } from '../cli/fleet-tasks.js';
import { groupByService, type ServiceGroup } from '../cli/fleet-groups.js';
import { serviceSession } from '../cli/service-session.js';
import type { ServeMetrics } from './metrics.js';
import { inShard, type Shard } from './shard.js';
import { TaskStates } from './state.js';

/** One service's entries of this shard, its query, its session (requests counted for its provider) and its client. */
interface Group extends ServiceGroup {
  session: Session;
  /** Made on the first poll that connects; a failed connect is tried again on the next poll. */
  client?: { value: unknown };
}

/** A task list as read: what the file (or the config) names, and this shard's part of it. */
export interface LoadedList {
  where: string;
  total: number;
  groups: Group[];
  warnings: string[];
}

export interface PollSummary {
  tasks: number;
  /** Entries whose poll failed, with their first error's code. */
  failed: Array<{ service: string; id: string; code: string }>;
  /** Every service answered (no credentials or network problem). */
  complete: boolean;
  durationMs: number;
}

/**
 * The exporter's work: read the task list (this shard's part), poll it one service at a time
 * concurrently, and keep every task's state for the scrapes.
 */
export class Exporter {
  readonly states: TaskStates;
  private groups: Group[] = [];

  constructor(
    private readonly ctx: CliContext,
    private readonly opts: { tasks?: string; config?: string; shard?: Shard; staleAfterMs?: number },
    private readonly metrics: ServeMetrics,
  ) {
    this.states = new TaskStates({ staleAfterMs: opts.staleAfterMs });
  }

  /**
   * Reads the task list (the file again, or the config file again) and checks every entry as
   * `fleet` does. Throws on a bad list: at start-up that ends the run, on a reload the old list stays.
   */
  async read(fresh: boolean): Promise<LoadedList> {
    const ctx = this.opts.tasks === undefined && fresh ? await this.withConfigReloaded() : this.ctx;
    const commands = fleetCommands();
    const services = new Map([...commands].map(([k, v]) => [k, v.spec.fleet]));
    const list = await loadFleetTasks(ctx, this.opts.tasks, services);
    const mine = list.tasks.filter((task) => inShard(this.opts.shard, task.service, task.id));
    const { groups, warnings } = await groupByService(mine, commands, list);
    // Each service's requests go out with its own concurrency cap, counted for its provider.
    const withSessions = [...groups.values()].map((g) => {
      const s = serviceSession(ctx, g.provider);
      return { ...g, session: { ...s, http: this.metrics.observeHttp(s.http, g.provider) } };
    });
    return { where: list.where, total: list.tasks.length, groups: withSessions, warnings };
  }

  /** Puts a list read by `read` to use: the next poll polls it; tasks still listed keep their state. */
  use(list: LoadedList): string[] {
    this.groups = list.groups;
    const warnings = this.states.setTasks(list.groups.flatMap((g) => g.tasks.map((task) => ({ task, provider: g.provider, fleet: g.fleet }))));
    this.metrics.changed();
    this.metrics.tasks.reset();
    for (const [provider, n] of this.states.counts()) this.metrics.tasks.set({ provider }, n);
    return [...list.warnings, ...warnings];
  }

  /** The config file read again (its tasks: and the services' settings), for a reload. */
  private async withConfigReloaded(): Promise<CliContext> {
    const io = this.ctx.io;
    const config = await loadConfigFile({ explicitPath: this.opts.config, cwd: io.cwd, home: io.homedir, env: io.env, warn: (m) => this.ctx.log.warn(m) });
    return { ...this.ctx, session: { ...this.ctx.session, config } };
  }

  /** Where the list comes from, to watch for changes: the --tasks file, else the config file (if any). */
  get watchedFile(): string | undefined {
    return this.opts.tasks ?? this.ctx.session.config.filepath ?? undefined;
  }

  /** One poll of every entry; no poll's retries outlive `budgetMs`. */
  async poll(budgetMs: number): Promise<PollSummary> {
    const now = this.ctx.session.now;
    const started = now();
    const wall = performance.now();
    const groups = this.groups;
    const reports = await Promise.all(groups.map((g) => pollGroup(g, started + budgetMs)));
    const pollTime = now();
    const failed: PollSummary['failed'] = [];
    let complete = true;
    groups.forEach((g, i) => {
      this.states.apply(g.service, reports[i], pollTime);
      for (const e of reports[i].errors) {
        failed.push({ service: g.service, id: e.id, code: e.code });
        if (e.exitCode === EXIT.auth || e.exitCode === EXIT.network) complete = false;
      }
    });
    this.metrics.changed();
    const durationMs = performance.now() - wall;
    this.metrics.pollDuration.observe(durationMs / 1000);
    if (complete) this.metrics.lastSuccess.set(pollTime / 1000);
    return { tasks: groups.reduce((n, g) => n + g.tasks.length, 0), failed, complete, durationMs };
  }
}

/** One round of one service: connect on the first (a failure there is its entries' error), then fetch its ids at once. */
async function pollGroup(g: Group, deadline: number): Promise<Report> {
  const s = g.session;
  s.deadline = deadline;
  const ids = [...new Set(g.tasks.map((t) => t.id))];
  try {
    g.client ??= { value: await g.query.connect(s, g.options) };
    return await g.query.fetch(s, g.client.value, ids, g.options);
  } catch (caught) {
    // A long-running exporter reports even a bug as its tasks' error (code INTERNAL) and keeps serving.
    const err = caught instanceof SyncstatError ? caught : new SyncstatError(`internal error: ${caught instanceof Error ? caught.message : String(caught)}`, EXIT.internal, 'INTERNAL');
    const report = emptyReport();
    report.errors = ids.map((id) => toReportedError(err, id, g.provider));
    return report;
  }
}

/** `--tasks -`: the exporter re-reads its list on SIGHUP, which stdin cannot give twice. */
export function checkTasksSource(tasks: string | undefined): void {
  if (tasks === '-') throw new UsageError('syncstat serve re-reads its task list (SIGHUP, file changes): --tasks - (stdin) cannot be read again', { suggestion: 'Give a file: --tasks fleet.yaml' });
}
