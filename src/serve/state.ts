import type { Report, Result } from '../core/model.js';
import type { FleetService } from '../core/provider.js';
import type { FleetTask } from '../cli/fleet-tasks.js';
import { seriesLabels, taskLabels, type TaskSample } from '../render/openmetrics.js';
import { observe, type Observation } from './observation.js';
import type { FreshnessOptions } from '../core/freshness.js';

/** One row the exporter reports: a task, or one task of an instance entry. */
interface RowState {
  id: string;
  kind: string;
  /** The last result read (kept while later polls fail: its series stay). */
  result?: Result;
  observation?: Observation;
  up: boolean;
  errorCode?: string;
  /** Its series' labels, made when its kind is known. */
  labels?: Record<string, string>;
}

/** One entry of the task list, its provider and the rows it has had. */
interface EntryState {
  task: FleetTask;
  provider: string;
  fleet: FleetService;
  labels: Record<string, string>;
  rows: Map<string, RowState>;
}

export const entryKey = (t: FleetTask): string => `${t.service}\0${t.id}\0${JSON.stringify(t.select ?? null)}`;

/**
 * What the exporter knows of every task of its list. A task keeps its series when a poll of it fails
 * (up 0, its error's code, the last phase, lag and progress read) and when its status is unknown.
 */
export class TaskStates {
  private entries = new Map<string, EntryState>();

  /** `staleAfterMs`: --stale-after (default: core/freshness.ts's). */
  constructor(private readonly freshness: FreshnessOptions = {}) {}

  /** The kind of each service's rows, once one was read: an entry never read takes it. */
  private readonly kinds = new Map<string, string>();

  /**
   * The task list (after a reload): entries still listed keep what was read of them. Returns
   * warnings for labels that would collide once made Prometheus names.
   */
  setTasks(tasks: ReadonlyArray<{ task: FleetTask; provider: string; fleet: FleetService }>): string[] {
    const warnings: string[] = [];
    const next = new Map<string, EntryState>();
    for (const { task, provider, fleet } of tasks) {
      const { labels, dropped } = taskLabels(task.labels);
      for (const d of dropped) warnings.push(`tasks[${task.index}].labels.${d} has the same Prometheus label name as another of its labels: left out`);
      const old = this.entries.get(entryKey(task));
      const rows = old && JSON.stringify(old.labels) === JSON.stringify(labels) && old.task.name === task.name ? old.rows : new Map<string, RowState>();
      if (rows !== old?.rows) for (const row of rows.values()) row.labels = undefined;
      next.set(entryKey(task), { task, provider, fleet, labels, rows });
    }
    this.entries = next;
    return warnings;
  }

  /** Entries per provider: `syncstat_tasks`. */
  counts(): Map<string, number> {
    const out = new Map<string, number>();
    for (const e of this.entries.values()) out.set(e.provider, (out.get(e.provider) ?? 0) + 1);
    return out;
  }

  /** One service's poll: each entry's rows (an instance's, narrowed by `select`) and errors. */
  apply(service: string, report: Report, pollTime: number): void {
    for (const entry of this.entries.values()) {
      if (entry.task.service !== service) continue;
      const { task, fleet } = entry;
      const owner = (r: Result) => (fleet.rowKey ? r.details[fleet.rowKey] : r.id) === task.id;
      const mine = report.results.filter((r) => owner(r) && (!task.select || task.select.includes(r.id)));
      for (const r of mine) this.kinds.set(service, r.kind);
      const failure = report.errors.find((e) => e.id === task.id);
      if (failure) {
        // The entry could not be read: every row it had (or would have) keeps its series, up 0.
        const ids = entry.rows.size ? [...entry.rows.keys()] : (task.select ?? [task.id]);
        for (const id of ids) this.fail(entry, id, failure.code);
        continue;
      }
      const seen = new Set<string>();
      for (const r of mine) {
        seen.add(r.id);
        const row = entry.rows.get(r.id);
        const observation = observe(row?.observation, r, pollTime, this.freshness);
        const kindChanged = row !== undefined && row.kind !== r.kind;
        entry.rows.set(r.id, { id: r.id, kind: r.kind, result: r, observation, up: true, labels: kindChanged ? undefined : row?.labels });
      }
      // A task the instance no longer lists is gone; one the entry names that it lacks is an error.
      for (const id of [...entry.rows.keys()]) if (!seen.has(id) && !task.select?.includes(id)) entry.rows.delete(id);
      for (const id of task.select ?? []) if (!seen.has(id)) this.fail(entry, id, 'NOT_FOUND');
    }
  }

  private fail(entry: EntryState, id: string, code: string): void {
    const row = entry.rows.get(id);
    if (row) Object.assign(row, { up: false, errorCode: code });
    else entry.rows.set(id, { id, kind: this.kinds.get(entry.task.service) ?? entry.task.service, up: false, errorCode: code });
  }

  /** Every row's sample, in the list's order. */
  samples(): TaskSample[] {
    const out: TaskSample[] = [];
    for (const entry of this.entries.values()) {
      for (const row of entry.rows.values()) {
        row.labels ??= seriesLabels({ provider: entry.provider, kind: row.kind, id: row.id, name: entry.task.name ?? row.id }, entry.labels);
        const r = row.result;
        out.push({
          labels: row.labels,
          phase: r?.phase ?? null,
          lagSeconds: r?.lagMs == null ? null : r.lagMs / 1000,
          progressRatio: r?.progress == null ? null : r.progress / 100,
          observedSeconds: row.observation ? row.observation.observedAt / 1000 : null,
          up: row.up,
          ...(row.up ? {} : { errorCode: row.errorCode }),
          stale: row.observation?.stale ?? false,
        });
      }
    }
    return out;
  }
}
