import { PHASES, type FleetTag, type Phase, type Report } from '../core/model.js';
import { orderedEntries } from '../core/report.js';
import { fitCell } from './safe-text.js';

/**
 * The metrics syncstat writes (`-o openmetrics`, `-o prometheus`) and serves (`syncstat serve`): names,
 * types, units and HELP in one table, shared with the exporter. Names end in their unit, as both
 * formats ask. The phase and the error info are gauges: an OpenMetrics stateset must be labelled with
 * its own name (ours is `phase`), and Prometheus' text format has no info type.
 */
export interface MetricSpec {
  name: string;
  type: 'gauge' | 'counter' | 'histogram';
  help: string;
  /** OpenMetrics UNIT (the name ends in it). */
  unit?: string;
}

const spec = (name: string, type: MetricSpec['type'], help: string, unit?: string): MetricSpec => ({ name, type, help, ...(unit ? { unit } : {}) });

export const TASK_METRICS = {
  phase: spec('syncstat_task_phase', 'gauge', 'The task phase as a state set: 1 for the current phase, 0 for the others (all 0 while it was never read).'),
  lag: spec('syncstat_task_lag_seconds', 'gauge', 'Replication lag the service last reported for the task.', 'seconds'),
  progress: spec('syncstat_task_progress_ratio', 'gauge', 'Progress of the task (a full load) from 0 to 1.', 'ratio'),
  observed: spec('syncstat_task_observed_timestamp_seconds', 'gauge', 'When the task\'s reading (lag, status, position) last changed, or the last successful poll of it when it reports no lag (Unix time).', 'seconds'),
  up: spec('syncstat_task_up', 'gauge', '1 when the last poll of the task succeeded, 0 when it failed.'),
  errorInfo: spec('syncstat_task_error_info', 'gauge', 'The error of the last poll of the task (its code in the label code); absent when it succeeded.'),
  stale: spec('syncstat_task_lag_stale', 'gauge', '1 when the lag value is stale (not refreshed by the service), 0 otherwise.'),
} as const;

export const EXPORTER_METRICS = {
  requests: spec('syncstat_requests_total', 'counter', 'API requests by provider and outcome (ok, throttled, client_error, server_error, network_error).'),
  requestDuration: spec('syncstat_request_duration_seconds', 'histogram', 'API request duration by provider.', 'seconds'),
  throttled: spec('syncstat_throttled_total', 'counter', 'Throttled answers (HTTP 429 or a service throttling code) by provider.'),
  pollDuration: spec('syncstat_poll_duration_seconds', 'histogram', 'Duration of one poll of every task of this exporter.', 'seconds'),
  lastSuccess: spec('syncstat_last_successful_poll_timestamp_seconds', 'gauge', 'When the last poll in which every service answered ended (Unix time).', 'seconds'),
  tasks: spec('syncstat_tasks', 'gauge', 'Task-list entries polled by this exporter (its shard), by provider.'),
} as const;

/** Labels every task series has, in this order; task labels follow, then phase or code. */
export const FIXED_LABELS = ['provider', 'kind', 'id', 'name'] as const;
/** Names a task label may not take: ours, Prometheus' target labels and its reserved ones. */
const RESERVED_LABELS = new Set<string>([...FIXED_LABELS, 'phase', 'code', 'job', 'instance', 'le', 'quantile']);

/**
 * A task label's name as a Prometheus label: kept when valid and free; else its invalid characters
 * become `_` and it gets the prefix `label_` (`wave-id` → `label_wave_id`, `id` → `label_id`).
 */
export function labelName(key: string): string {
  const valid = /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(key) && !key.startsWith('__');
  return valid && !RESERVED_LABELS.has(key) ? key : `label_${key.replace(/[^a-zA-Z0-9_]/g, '_')}`;
}

/**
 * A task's labels as Prometheus labels (sorted by name). Two keys that become one name keep the first
 * (in name order of the original keys); `dropped` names the others, for a warning.
 */
export function taskLabels(labels: Readonly<Record<string, string>> | undefined): { labels: Record<string, string>; dropped: string[] } {
  const out: Record<string, string> = {};
  const dropped: string[] = [];
  for (const key of Object.keys(labels ?? {}).sort()) {
    const name = labelName(key);
    if (Object.hasOwn(out, name)) dropped.push(key);
    else out[name] = labels![key];
  }
  return { labels: Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1))), dropped };
}

/** One task's series, before formatting: what the CLI and the exporter both write. */
export interface TaskSample {
  /** provider, kind, id, name, then the task's labels (already Prometheus names). */
  labels: Record<string, string>;
  /** Null: never read (every phase series is 0). */
  phase: Phase | null;
  lagSeconds: number | null;
  progressRatio: number | null;
  observedSeconds: number | null;
  up: boolean;
  /** The error code of the last poll, when it failed. */
  errorCode?: string;
  /** Undefined: not known (the one-shot CLI has no history); the exporter always knows. */
  stale?: boolean;
}

/** A label value from a service or a task list: one line of safe text, at most 256 columns. */
export const labelValue = (text: string): string => fitCell(text, 256);

/** The fixed labels of a task's series (values made safe), then its own labels. */
export function seriesLabels(fixed: { provider: string; kind: string; id: string; name: string }, own: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of FIXED_LABELS) out[k] = labelValue(fixed[k]);
  for (const [k, v] of Object.entries(own)) out[k] = labelValue(v);
  return out;
}

/**
 * The samples of a report: a row per result, a row per error (up 0, its code, phase unknown to us).
 * An error's kind is the kind of another row of its provider in the report, else its fleet service.
 */
export function reportSamples(report: Report): { samples: TaskSample[]; warnings: string[] } {
  const kinds = new Map<string, string>();
  for (const r of report.results) if (!kinds.has(r.provider)) kinds.set(r.provider, r.kind);
  const warnings = new Set<string>();
  const labelsOf = (tag: FleetTag | undefined) => {
    const { labels, dropped } = taskLabels(tag?.labels);
    for (const d of dropped) warnings.add(`label "${d}" of ${tag!.service} ${tag!.id} has the same Prometheus name as another of its labels (${labelName(d)}): left out`);
    return labels;
  };
  const samples = orderedEntries(report).map(({ result: r, error: e }): TaskSample => {
    if (e) {
      const tag = e.fleet;
      const kind = kinds.get(e.provider) ?? tag?.service ?? e.provider;
      return { labels: seriesLabels({ provider: e.provider, kind, id: e.id, name: tag?.name ?? e.id }, labelsOf(tag)), phase: null, lagSeconds: null, progressRatio: null, observedSeconds: null, up: false, errorCode: e.code };
    }
    const tag = r.details.fleet as FleetTag | undefined;
    const observed = Date.parse(r.observedAt);
    return {
      labels: seriesLabels({ provider: r.provider, kind: r.kind, id: r.id, name: tag?.name ?? r.id }, labelsOf(tag)),
      phase: r.phase,
      lagSeconds: r.lagMs === null ? null : r.lagMs / 1000,
      progressRatio: r.progress === null ? null : r.progress / 100,
      observedSeconds: Number.isFinite(observed) ? observed / 1000 : null,
      up: true,
    };
  });
  return { samples, warnings: [...warnings] };
}

/** One series: its labels, or (the fast path for many) their text already written, `a="x",b="y"`. */
export type Sample = { labels: Record<string, string>; text?: string; value: number };

/** Each task metric's samples, in the table's order (families without samples left out by the writer). */
export function taskFamilies(samples: readonly TaskSample[]): Array<{ spec: MetricSpec; samples: Sample[] }> {
  const m = TASK_METRICS;
  // Each task's labels are written once for its dozen series.
  const rows = samples.map((t) => ({ t, text: labelsText(t.labels) }));
  const with_ = (text: string, name: string, value: string) => `${text ? `${text},` : ''}${name}="${escapeLabelValue(value)}"`;
  const each = (pick: (t: TaskSample) => number | null): Sample[] => rows.flatMap(({ t, text }) => {
    const v = pick(t);
    return v === null ? [] : [{ labels: t.labels, text, value: v }];
  });
  return [
    { spec: m.phase, samples: rows.flatMap(({ t, text }) => PHASES.map((p) => ({ labels: { ...t.labels, phase: p }, text: with_(text, 'phase', p), value: t.phase === p ? 1 : 0 }))) },
    { spec: m.lag, samples: each((t) => t.lagSeconds) },
    { spec: m.progress, samples: each((t) => t.progressRatio) },
    { spec: m.observed, samples: each((t) => t.observedSeconds) },
    { spec: m.up, samples: each((t) => (t.up ? 1 : 0)) },
    { spec: m.errorInfo, samples: rows.flatMap(({ t, text }) => (t.errorCode === undefined ? [] : [{ labels: { ...t.labels, code: labelValue(t.errorCode) }, text: with_(text, 'code', labelValue(t.errorCode)), value: 1 }])) },
    { spec: m.stale, samples: each((t) => (t.stale === undefined ? null : t.stale ? 1 : 0)) },
  ];
}

/** A label value in the exposition formats: backslash, double quote and newline escaped. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** HELP text: backslash and newline escaped. */
const escapeHelp = (text: string) => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

const labelsText = (labels: Record<string, string>) => Object.entries(labels).map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(',');

export type MetricsFormat = 'openmetrics' | 'prometheus';

/**
 * The exposition text. `openmetrics`: OpenMetrics 1.0 (TYPE, UNIT, HELP, `# EOF` at the end);
 * `prometheus`: the Prometheus text format 0.0.4 (no UNIT, no EOF), what node_exporter's textfile
 * collector documents. For gauges the samples are the same.
 */
export function renderFamilies(families: ReadonlyArray<{ spec: MetricSpec; samples: Sample[] }>, format: MetricsFormat): string {
  const lines: string[] = [];
  for (const { spec: s, samples } of families) {
    if (!samples.length) continue;
    lines.push(`# HELP ${s.name} ${escapeHelp(s.help)}`, `# TYPE ${s.name} ${s.type}`);
    if (format === 'openmetrics' && s.unit) lines.push(`# UNIT ${s.name} ${s.unit}`);
    for (const x of samples) {
      const labels = x.text ?? labelsText(x.labels);
      lines.push(`${s.name}${labels ? `{${labels}}` : ''} ${formatValue(x.value)}`);
    }
  }
  if (format === 'openmetrics') lines.push('# EOF');
  return lines.length ? lines.join('\n') + '\n' : '';
}

/** `-o openmetrics` / `-o prometheus` of any command's report. */
export function renderMetrics(report: Report, format: MetricsFormat): { text: string; warnings: string[] } {
  const { samples, warnings } = reportSamples(report);
  return { text: renderFamilies(taskFamilies(samples), format), warnings };
}
