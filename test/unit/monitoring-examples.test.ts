import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadYaml } from 'cosmiconfig/dist/loaders.js';
import { describe, expect, it } from 'vitest';

// examples/prometheus/alerts.yml (checked and unit-tested by promtool) and the Grafana dashboard:
// every query uses only the metric names `syncstat serve` exports (the contract of issue 12).

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ALERTS = join(ROOT, 'examples/prometheus/alerts.yml');
const ALERT_TESTS = join(ROOT, 'examples/prometheus/alerts.test.yml');
const DASHBOARD = join(ROOT, 'examples/grafana/syncstat-dashboard.json');

/** The metric names of the contract, and Prometheus's own `up` (the scrape's health). */
const GAUGES_AND_COUNTERS = [
  'syncstat_task_phase', 'syncstat_task_lag_seconds', 'syncstat_task_progress_ratio', 'syncstat_task_observed_timestamp_seconds',
  'syncstat_task_up', 'syncstat_task_error_info', 'syncstat_task_lag_stale',
  'syncstat_requests_total', 'syncstat_throttled_total', 'syncstat_last_successful_poll_timestamp_seconds', 'syncstat_tasks', 'up',
];
const HISTOGRAMS = ['syncstat_request_duration_seconds', 'syncstat_poll_duration_seconds'];
const KNOWN = new Set([...GAUGES_AND_COUNTERS, ...HISTOGRAMS.flatMap((h) => [`${h}_bucket`, `${h}_sum`, `${h}_count`])]);

const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'inf', 'nan']);

/** The metric names a PromQL expression selects: what is left once strings, matchers, ranges, groupings and functions are gone. */
function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names: string[] = [];
  for (const m of bare.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const after = bare.slice(m.index! + m[0].length).trimStart();
    if (after.startsWith('(') || KEYWORDS.has(m[0].toLowerCase())) continue;
    // A duration's unit (5m) or a number's exponent is part of a number, not a name.
    if (m.index! > 0 && /[0-9.]/.test(bare[m.index! - 1])) continue;
    names.push(m[0]);
  }
  return names;
}

function promtool(args: string[], cwd = ROOT): { code: number; out: string } {
  const res = spawnSync('promtool', args, { cwd, encoding: 'utf8' });
  if (res.error) throw new Error(`promtool is needed for these tests (Debian/Ubuntu: apt-get install -y prometheus): ${res.error.message}`);
  return { code: res.status ?? -1, out: `${res.stdout}${res.stderr}` };
}

interface RuleFile {
  groups: Array<{ name: string; rules: Array<{ alert?: string; expr: string; for?: string; labels?: Record<string, string>; annotations?: Record<string, string> }> }>;
}

const alerts = loadYaml(ALERTS, readFileSync(ALERTS, 'utf8')) as RuleFile;
const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { panels: Array<{ title: string; type: string; targets?: Array<{ expr: string }> }>; templating: { list: Array<{ query?: unknown; definition?: string }> } };

/** Every query of the dashboard, Grafana's variables given values so Prometheus can parse them. */
function dashboardQueries(): string[] {
  return dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr.replaceAll('$__rate_interval', '5m').replaceAll('$provider', '.*')));
}

describe('examples/prometheus/alerts.yml', () => {
  it('promtool check rules accepts it', () => {
    const res = promtool(['check', 'rules', ALERTS]);
    expect(res.code, res.out).toBe(0);
    expect(res.out).toContain('SUCCESS: 7 rules found');
  });

  it('promtool test rules passes its unit tests (alerts.test.yml)', () => {
    const res = promtool(['test', 'rules', 'alerts.test.yml'], join(ROOT, 'examples/prometheus'));
    expect(res.code, res.out).toBe(0);
    expect(res.out).toContain('SUCCESS');
  });

  it('the unit tests can fail: a rule that fires on a single spike is caught', () => {
    const dir = mkdtempSync(join(tmpdir(), 'syncstat-rules-'));
    writeFileSync(join(dir, 'alerts.yml'), readFileSync(ALERTS, 'utf8').replace(/(alert: SyncstatLagHigh[\s\S]*?)for: 5m/, '$1for: 1m'));
    writeFileSync(join(dir, 'alerts.test.yml'), readFileSync(ALERT_TESTS, 'utf8'));
    const res = promtool(['test', 'rules', 'alerts.test.yml'], dir);
    expect(res.code).toBe(1);
    expect(res.out).toContain('SyncstatLagHigh');
  });

  it('covers a failed task, lag held over a threshold, stale lag, unreadable tasks and services, and the exporter', () => {
    const rules = alerts.groups.flatMap((g) => g.rules);
    expect(rules.map((r) => r.alert)).toEqual(['SyncstatTaskFailed', 'SyncstatLagHigh', 'SyncstatLagStale', 'SyncstatTaskDown', 'SyncstatServiceUnreachable', 'SyncstatExporterDown', 'SyncstatExporterNotPolling']);
    expect(rules.find((r) => r.alert === 'SyncstatLagHigh')!.for).toBe('5m');
    for (const r of rules) expect(r.labels?.severity, r.alert).toMatch(/^(warning|critical)$/);
  });

  it('uses only metric names of the contract', () => {
    for (const rule of alerts.groups.flatMap((g) => g.rules)) {
      const names = metricNames(rule.expr);
      expect(names.length, rule.expr).toBeGreaterThan(0);
      for (const n of names) expect(KNOWN, `${rule.alert}: ${n}`).toContain(n);
    }
  });
});

describe('examples/grafana/syncstat-dashboard.json', () => {
  it('is a dashboard with the panels operators need', () => {
    const titles = dashboard.panels.map((p) => p.title);
    for (const t of ['Tasks by phase', 'Failed tasks', 'Lag per task', 'Full-load progress', 'Stale lag', 'Exporters up', 'Requests by outcome']) expect(titles).toContain(t);
    expect(new Set(dashboard.panels.map((p) => (p as unknown as { id: number }).id)).size).toBe(dashboard.panels.length);
  });

  it('queries only metric names of the contract (panels and variables)', () => {
    const queries = dashboardQueries();
    expect(queries.length).toBeGreaterThan(10);
    for (const q of queries) {
      const names = metricNames(q);
      expect(names.length, q).toBeGreaterThan(0);
      for (const n of names) expect(KNOWN, `${q}: ${n}`).toContain(n);
    }
    for (const v of dashboard.templating.list) {
      for (const m of (v.definition ?? '').matchAll(/label_values\(\s*([a-zA-Z_:][a-zA-Z0-9_:]*)/g)) expect(KNOWN).toContain(m[1]);
    }
  });

  it('every query is PromQL that Prometheus parses (promtool, as recording rules)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'syncstat-dash-'));
    const file = join(dir, 'queries.yml');
    const rules = dashboardQueries().map((q, i) => `      - record: dashboard:q${i}\n        expr: ${JSON.stringify(q)}`).join('\n');
    writeFileSync(file, `groups:\n  - name: dashboard\n    rules:\n${rules}\n`);
    const res = promtool(['check', 'rules', file]);
    expect(res.code, res.out).toBe(0);
  });

  it('the name check itself catches a name outside the contract', () => {
    expect(metricNames('sum by (provider) (rate(syncstat_requests_total{outcome="ok"}[5m])) > 0 unless syncstat_task_lag{a="b"}')).toEqual(['syncstat_requests_total', 'syncstat_task_lag']);
    expect(metricNames('time() - syncstat_last_successful_poll_timestamp_seconds > 1e3')).toEqual(['syncstat_last_successful_poll_timestamp_seconds']);
    expect(KNOWN.has('syncstat_task_lag')).toBe(false);
  });
});
