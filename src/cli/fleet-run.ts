import { SyncstatError, UsageError } from '../core/errors.js';
import { type FleetTag, type Report, type ReportedError, type Result } from '../core/model.js';
import { emptyReport, toReportedError } from '../core/report.js';
import type { CliContext } from './context.js';
import { fleetCommands, PHASE_FILTERS, type FleetFlags } from './commands/fleet.js';
import { loadFleetTasks, type FleetTask } from './fleet-tasks.js';
import { withCiReports, type FailureRule, type TableRenderer } from './output.js';
import { serviceSession } from './service-session.js';
import { groupByService, type ServiceGroup } from './fleet-groups.js';

/** One service's entries, its query and (after the first poll) its client or why it has none. */
interface Group extends ServiceGroup {
  client?: { value: unknown } | { error: SyncstatError };
}

function parseLabels(given: string[] | undefined): Array<[string, string]> {
  return (given ?? []).map((l) => {
    const eq = l.indexOf('=');
    if (eq <= 0) throw new UsageError(`--label ${JSON.stringify(l)} is not key=value`, { suggestion: 'e.g. --label env=prod' });
    return [l.slice(0, eq), l.slice(eq + 1)];
  });
}

function parsePhases(given: string | undefined): Set<string> | undefined {
  if (given === undefined) return undefined;
  const phases = given.split(',').map((p) => p.trim()).filter(Boolean);
  if (!phases.length) throw new UsageError('--phase names no phase', { suggestion: `e.g. --phase failed,paused (${PHASE_FILTERS.join(', ')})` });
  for (const p of phases) if (!PHASE_FILTERS.includes(p)) throw new UsageError(`--phase: unknown phase "${p}"`, { suggestion: `One of: ${PHASE_FILTERS.join(', ')}` });
  return new Set(phases);
}

export async function runFleet(ctx: CliContext, opts: FleetFlags): Promise<number> {
  const commands = fleetCommands();
  const services = new Map([...commands].map(([k, v]) => [k, v.spec.fleet]));
  for (const s of opts.service ?? []) if (!commands.has(s)) throw new UsageError(`--service: unknown service "${s}"`, { suggestion: `One of: ${[...commands.keys()].join(', ')}` });
  const labels = parseLabels(opts.label);
  const phases = parsePhases(opts.phase);
  const list = await loadFleetTasks(ctx, opts.tasks, services);
  const tasks = list.tasks.filter((t) => (!opts.service?.length || opts.service.includes(t.service)) && labels.every(([k, v]) => t.labels[k] === v));
  if (!tasks.length) throw new UsageError(`no entry of the task list (${list.tasks.length}) matches ${[opts.service?.length ? '--service' : '', labels.length ? '--label' : ''].filter(Boolean).join(' and ')}`, { suggestion: 'Check the selection against the task list' });

  // One group per service, in the order the services first appear in the list.
  const { groups, warnings }: { groups: Map<string, Group>; warnings: string[] } = await groupByService(tasks, commands, list);

  const poll = async (): Promise<Report> => {
    const parts = await Promise.all([...groups.values()].map((g) => pollGroup(ctx, g)));
    const report = mergeFleet(tasks, groups, parts, phases);
    report.warnings.unshift(...warnings);
    return report;
  };
  const { runQuery } = await import('./query.js');
  // Services that never report a lag: under --max-lag their rows are judged on their phase.
  const lagless = [...groups.values()]
    .filter((g) => commands.get(g.service)!.spec.noLag)
    .map((g) => ({ noun: commands.get(g.service)!.spec.noLag!, test: (r: Result) => (r.details.fleet as FleetTag | undefined)?.service === g.service }));
  // What is not JSON, NDJSON or TSV comes here: the table, or a CI report.
  const table: TableRenderer = async (r, c, changed) => (await import('../render/fleet-table.js')).renderFleetTable(r, { paint: c.paint, layout: c.layout, changed });
  return runQuery(ctx, poll, opts, withCiReports('fleet', table), FLEET_FAILED, lagless);
}

/** A failed task, named as the table names it: its service, its name (and id), its status and message. */
const FLEET_FAILED: FailureRule = {
  fails: (r) => r.phase === 'failed',
  why: (r) => {
    const tag = r.details.fleet as FleetTag | undefined;
    const name = tag?.name ? (tag.id !== r.id ? `${tag.name}/${r.id}` : tag.name) : r.id;
    return `${tag ? `${tag.service} ` : ''}${name}${name !== r.id ? ` (${r.id})` : ''} failed (${r.status ?? '-'}${r.message ? `: ${r.message}` : ''})`;
  },
};

/** One round of one service: connect on the first (a failure there is its entries' error), then fetch its ids at once. */
async function pollGroup(ctx: CliContext, g: Group): Promise<Report> {
  const s = serviceSession(ctx, g.provider);
  if (!g.client) {
    try {
      g.client = { value: await g.query.connect(s, g.options) };
    } catch (err) {
      if (!(err instanceof SyncstatError)) throw err;
      g.client = { error: err };
    }
  }
  if ('error' in g.client) {
    const report = emptyReport();
    const failure = g.client.error;
    report.errors = [...new Set(g.tasks.map((t) => t.id))].map((id) => toReportedError(failure, id, g.provider, s.keepRaw));
    return report;
  }
  return g.query.fetch(s, g.client.value, [...new Set(g.tasks.map((t) => t.id))], g.options);
}

function tagOf(task: FleetTask): FleetTag {
  return { service: task.service, id: task.id, ...(task.name !== undefined ? { name: task.name } : {}), ...(Object.keys(task.labels).length ? { labels: task.labels } : {}) };
}

type Row = { result: Result; error?: undefined; task: FleetTask } | { error: ReportedError; result?: undefined; task: FleetTask };

/** Each entry's rows and errors, in the list's order (--sort-by orders them where they are written), tagged with the entry. */
export function mergeFleet(tasks: FleetTask[], groups: Map<string, Group>, parts: Report[], phases: Set<string> | undefined): Report {
  const byService = new Map([...groups.keys()].map((k, i) => [k, parts[i]]));
  const rows: Row[] = [];
  const report = emptyReport();
  for (const part of parts) {
    report.raw.push(...part.raw);
    report.warnings.push(...part.warnings);
  }
  for (const task of tasks) {
    const part = byService.get(task.service)!;
    const fleet = groups.get(task.service)!.fleet;
    const tag = tagOf(task);
    const owner = (r: Result) => (fleet.rowKey ? r.details[fleet.rowKey] : r.id) === task.id;
    const mine = part.results.filter((r) => owner(r) && (!task.select || task.select.includes(r.id)));
    for (const r of mine) rows.push({ result: { ...r, details: { ...r.details, fleet: tag } }, task });
    for (const e of part.errors.filter((e) => e.id === task.id)) rows.push({ error: { ...e, fleet: tag }, task });
    const seen = new Set(mine.map((r) => r.id));
    if (task.select && !part.errors.some((e) => e.id === task.id)) {
      for (const name of task.select.filter((n) => !seen.has(n))) {
        const missing = new UsageError(`no task "${name}" in ${task.id}`, { suggestion: `Check tasks[${task.index}].${fleet.select}` });
        rows.push({ error: { ...toReportedError(missing, name, groups.get(task.service)!.provider, false), code: 'NOT_FOUND', exitCode: 4, fleet: tag }, task });
      }
    }
  }
  const kept = phases ? rows.filter((row) => phases.has(row.result ? row.result.phase : 'error')) : rows;
  for (const row of kept) {
    if (row.result) report.results.push(row.result);
    else report.errors.push(row.error);
  }
  report.ids = [...new Set(kept.map((row) => (row.result ?? row.error).id))];
  return report;
}
