import type { Report, ReportedError } from '../../core/model.js';
import type { OwnAction } from '../../core/provider.js';
import type { PrecheckGateOptions } from '../../render/precheck-items.js';
import type { CliContext } from '../../cli/context.js';
import type { PreparedWait } from '../../cli/query.js';

type PrecheckRenderer = (report: Report, ctx: CliContext, gate: PrecheckGateOptions) => Promise<string>;

/** The formats only precheck has, and its table; json/ndjson/tsv are the common renderers. Loaded on use. */
const RENDERERS: Readonly<Record<string, PrecheckRenderer>> = {
  table: async (r, ctx, gate) => (await import('../../render/table.js')).renderPrecheckTable(r, { paint: ctx.paint, layout: ctx.layout, failOn: gate.failOn }),
  junit: async (r, _ctx, gate) => (await import('../../render/junit.js')).renderPrecheckJunit(r, gate),
  github: async (r, _ctx, gate) => (await import('../../render/github.js')).renderPrecheckGithub(r, gate),
};

/** `syncstat precheck`: its own action (--wait and the CI formats), declared in meta.ts like every command. */
export const PRECHECK_ACTION: OwnAction = {
  async run(context, ids, opts) {
    const ctx = context as CliContext;
    const gate: PrecheckGateOptions = { failOn: opts.failOn === 'warning' ? 'warning' : 'failure' };
    const [{ prepareWait }, { precheckFailureRule }, { emitReport, emitStepSummary }] = await Promise.all([import('../../cli/query.js'), import('../../render/precheck-items.js'), import('../../cli/output.js')]);
    const render = RENDERERS[ctx.output] ?? RENDERERS.table;
    const wait = prepareWait(ctx, opts, ['--wait'], (await import('./precheck-wait.js')).PRECHECK_FINISHED);
    const { report, exitCode } = wait ? await precheckAfterWait(ctx, ids, wait) : { report: await precheckNow(ctx, ids), exitCode: undefined };
    report.ids = ids;
    const code = await emitReport(ctx, report, (r) => render(r, ctx, gate), precheckFailureRule(gate));
    await emitStepSummary(ctx, report, exitCode ?? code);
    return exitCode ?? code;
  },
};

/**
 * A one-shot precheck: the verdicts and each task's status, read together. A task still prechecking
 * has no verdict yet (the endpoint holds the previous run's): it is reported as running, never stale.
 */
async function precheckNow(ctx: CliContext, ids: string[]): Promise<Report> {
  const [{ PRECHECK_QUERY, STATUS_QUERY }, { PRECHECK_RUNNING_STATUS, unfinishedErrors }] = await Promise.all([import('./index.js'), import('./precheck-wait.js')]);
  // One client for both reads.
  const warnings = PRECHECK_QUERY.check(ids, undefined);
  const client = await PRECHECK_QUERY.connect(ctx.session, undefined);
  const [status, precheck] = await Promise.all([STATUS_QUERY.fetch(ctx.session, client, ids, undefined), PRECHECK_QUERY.fetch(ctx.session, client, ids, undefined)]);
  precheck.warnings.unshift(...warnings);
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
  const [{ PRECHECK_QUERY, STATUS_QUERY, queryPrecheck }, { unsettled, unfinishedErrors }, { waitWithProgress }, { emptyReport }, { formatDuration }, { interruptExitCode }] = await Promise.all([
    import('./index.js'),
    import('./precheck-wait.js'),
    import('../../cli/query.js'),
    import('../../core/report.js'),
    import('../../core/duration.js'),
    import('../../core/errors.js'),
  ]);
  // Only ids still prechecking are asked again; a settled id keeps the row that settled it.
  const settled = new Map<string, { result?: Report['results'][number]; error?: ReportedError }>();
  let pending = ids;
  let client: Awaited<ReturnType<typeof STATUS_QUERY.connect>> | undefined;
  const poll = async (): Promise<Report> => {
    const warnings = STATUS_QUERY.check(pending, undefined);
    // Connected once: every poll of the wait reuses the client.
    client ??= await STATUS_QUERY.connect(ctx.session, undefined);
    const report = await STATUS_QUERY.fetch(ctx.session, client, pending, undefined);
    report.warnings.unshift(...warnings);
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
      // The wait's client, unless the wait timed out: then a fresh one without its spent deadline.
      const readVerdicts = async () => {
        if (outcome.end === 'timeout' || !client) return queryPrecheck(session, finished);
        const warnings = PRECHECK_QUERY.check(finished, undefined);
        const verdicts = await PRECHECK_QUERY.fetch(session, client, finished, undefined);
        verdicts.warnings.unshift(...warnings);
        return verdicts;
      };
      const report = finished.length ? await readVerdicts() : emptyReport();
      if (outcome.polls > 1 && outcome.end !== 'timeout') ctx.log.info(`precheck finished after ${formatDuration(outcome.elapsedMs)} (${outcome.polls} status polls)`);
      return { report: withUnfinished(report, unfinishedErrors(pending, 'timeout', outcome.elapsedMs, lastSeen)) };
    }
  }
}
