import type { Query } from './provider.js';
import type { Session } from './session.js';
import { AuthError, SyncstatError } from './errors.js';
import { EXIT, mostSevere } from './exit-codes.js';
import { mapLimit } from './pool.js';
import { asAnswerError } from './shape.js';
import type { ProviderName, Report, ReportedError, Result } from './model.js';

export interface Fetched {
  results: Result[];
  raw: string[];
  warnings?: string[];
}

export function emptyReport(): Report {
  return { results: [], errors: [], raw: [], warnings: [] };
}

/** An error as reported for `id`; the service's answer (`rawBody`) only when it is kept for --raw. */
export function toReportedError(err: unknown, id: string, provider: ProviderName, keepRaw = false): ReportedError {
  if (!(err instanceof SyncstatError)) throw err; // a bug: let the CLI report it as one
  return { id, provider, code: err.code, message: err.message, requestId: err.requestId, exitCode: err.exitCode, suggestion: err.suggestion, ...(err.unreachable ? { unreachable: true } : {}), ...(keepRaw && err.rawBody !== undefined ? { rawBody: err.rawBody } : {}) };
}

export type Entry = { result: Result; error?: undefined } | { error: ReportedError; result?: undefined };

/**
 * Results and errors interleaved in the order the ids were given (report.ids), so a table, TSV,
 * NDJSON or CI report reads in the order the user asked. Rows of an id not in the list (the tasks
 * of an instance that was asked for) keep their place after the listed ones.
 */
export function orderedEntries(report: Report): Entry[] {
  const entries: Entry[] = [...report.results.map((result) => ({ result })), ...report.errors.map((error) => ({ error }))];
  if (!report.ids?.length) return entries;
  const position = new Map(report.ids.map((id, i) => [id, i]));
  const rank = (e: Entry) => position.get((e.result ?? e.error).id) ?? report.ids!.length;
  return entries.map((e, i) => ({ e, i, r: rank(e) })).sort((a, b) => a.r - b.r || a.i - b.i).map((x) => x.e);
}

/**
 * Queries each key concurrently and gathers rows and errors in the order given. One bad id does not
 * hide the others; but once the service rejects our credentials, the ids not yet sent are not sent
 * (they would be rejected too, and some services lock a key after a run of bad signatures). The
 * bodies are kept only for --raw (`s.keepRaw`).
 */
export async function collect<K>(
  keys: readonly K[],
  concurrency: number,
  provider: ProviderName,
  idOf: (key: K) => string,
  fetch: (key: K) => Promise<Fetched>,
  s: Pick<Session, 'keepRaw' | 'log'>,
): Promise<Report> {
  const debug = (m: string) => s.log.debug(m);
  let rejected: AuthError | null = null;
  const parts = await mapLimit(keys, concurrency, async (key) => {
    if (rejected) return { error: toReportedError(rejected, idOf(key), provider, s.keepRaw) };
    try {
      return { fetched: await fetch(key) };
    } catch (caught) {
      // An answer no one foresaw is this id's error, never the whole run's (real bugs show in --debug).
      const err = asAnswerError(caught, debug);
      if (err instanceof AuthError) rejected ??= err;
      return { error: toReportedError(err, idOf(key), provider, s.keepRaw) };
    }
  });
  const report = emptyReport();
  report.ids = keys.map(idOf);
  for (const part of parts) {
    if (part.error) report.errors.push(part.error);
    if (part.fetched) {
      report.results.push(...part.fetched.results);
      if (s.keepRaw) report.raw.push(...part.fetched.raw);
      report.warnings.push(...(part.fetched.warnings ?? []));
    }
  }
  return report;
}

/** Exit code: the most severe error, else 1 when a task failed (or `alsoFails` says so), else 0. */
export function reportExitCode(report: Report, alsoFails: (r: Result) => boolean = () => false): number {
  const codes = report.errors.map((e) => e.exitCode);
  if (report.results.some((r) => r.phase === 'failed' || alsoFails(r))) codes.push(EXIT.taskFailed);
  return mostSevere(codes);
}

/** One round of a query, start to end: check the ids, connect, fetch (a wait connects once instead: src/cli). */
export async function queryOnce<C, O>(q: Query<C, O>, s: Session, ids: string[], options: O): Promise<Report> {
  const warnings = q.check(ids, options);
  const report = await q.fetch(s, await q.connect(s, options), ids, options);
  report.warnings.unshift(...warnings);
  return report;
}
