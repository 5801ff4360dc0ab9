import { ApiError, AuthError, NetworkError, SyncstatError } from '../../core/errors.js';
import { emptyReport, toReportedError } from '../../core/report.js';
import { makeResult, phaseOf, type Phase, type Report, type ReportedError, type Result } from '../../core/model.js';
import { mapLimit } from '../../core/pool.js';
import type { HuaweiClient } from './client.js';
import { DRS_FULL_ONLY_PHASES, DRS_FULL_ONLY_TYPES, DRS_PHASES } from './states.js';

export const JOB_ID_RULES = {
  noun: 'job id',
  // Usually UUID-shaped, 36 characters, the last group ending in "jb" and 2-3 letters/digits (not
  // hex-only). A convention, not a contract: another shape is a warning.
  pattern: /^[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-(?=[0-9a-z]{12}$)[0-9a-z]{7,8}jb[0-9a-z]{2,3}$/i,
  shape: 'a UUID-shaped id whose last group ends in "jb" and 2-3 letters or digits',
  example: '9a470239-2308-4bb5-a6bc-1040402fjb21',
} as const;

/** The service takes at most 100 ids per request. */
export const DRS_CHUNK_SIZE = 100;
export const BATCH_STATUS_PATH = '/jobs/batch-status';

export interface DrsItem {
  id?: string | null;
  status?: string | null;
  /** Not in the batch-status docs; DRS's job type where it appears (FULL_TRANS, FULL_INCR_TRANS ...). */
  task_type?: string | null;
  job_type?: string | null;
  error_code?: string | null;
  error_message?: string | null;
}

interface DrsAnswer {
  results?: DrsItem[] | null;
  jobs?: DrsItem[] | null;
  count?: number;
}

/** The request body: without page_req the service returns only 5 results; per_page 0 means all. */
export function batchStatusBody(ids: readonly string[]): string {
  return JSON.stringify({ jobs: ids, page_req: { cur_page: 1, per_page: 0 } });
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The phase of a job status; a full-only job (when the answer says so) ends at FULL_TRANSFER_COMPLETE. */
export function drsPhase(status: string | null | undefined, jobType?: string | null): Phase {
  const fullOnly = typeof jobType === 'string' && DRS_FULL_ONLY_TYPES.has(jobType.trim().toUpperCase());
  if (fullOnly && status && Object.hasOwn(DRS_FULL_ONLY_PHASES, status)) return DRS_FULL_ONLY_PHASES[status];
  return phaseOf(DRS_PHASES, status);
}

export function normalizeDrs(id: string, item: DrsItem, observedAt: string, pairedByPosition: boolean): Result {
  const details: Record<string, unknown> = {};
  if (item.error_code) details.errorCode = item.error_code;
  const jobType = item.task_type ?? item.job_type ?? null;
  if (jobType) details.jobType = jobType;
  if (pairedByPosition) details.pairedByPosition = true;
  return makeResult({
    provider: 'huawei',
    kind: 'drs',
    id,
    phase: drsPhase(item.status, jobType),
    status: item.status ?? null,
    message: item.error_message || null,
    observedAt,
    details,
  });
}

type Outcome = { result: Result } | { error: SyncstatError };

/**
 * Pairs the answer's items with the ids asked for: by id, or by position when no item carries an id
 * and the counts match. An item with an error code and no status is that id's error (unknown job);
 * with a status, the code is the job's own failure and stays on its row.
 */
export function pairItems(ids: readonly string[], answer: DrsAnswer, requestId: string | null, observedAt: string): Map<string, Outcome> {
  const items = (Array.isArray(answer.results) ? answer.results : Array.isArray(answer.jobs) ? answer.jobs : null)?.map((i) => i ?? {});
  if (!items) throw new NetworkError('DRS answered without a results list', { code: 'BAD_SHAPE', requestId, retryable: false });
  const out = new Map<string, Outcome>();
  const byPosition = items.length > 0 && items.every((i) => !i.id) && items.length === ids.length;
  const outcome = (id: string, item: DrsItem): Outcome =>
    item.error_code && !item.status
      ? { error: new ApiError(item.error_message || `DRS could not report job ${id}`, { code: item.error_code, requestId }) }
      : { result: normalizeDrs(id, item, observedAt, byPosition) };
  if (byPosition) {
    ids.forEach((id, i) => out.set(id, outcome(id, items[i])));
    return out;
  }
  for (const item of items) if (item.id && ids.includes(item.id) && !out.has(item.id)) out.set(item.id, outcome(item.id, item));
  const unlabelled = items.some((i) => !i.id);
  for (const id of ids) {
    if (out.has(id)) continue;
    out.set(id, {
      error: unlabelled
        ? new NetworkError(`DRS answered ${items.length} results without job ids for ${ids.length} jobs; cannot tell which is which`, { code: 'UNPAIRED_RESULTS', requestId, retryable: false })
        : new ApiError(`DRS returned no status for job ${id}`, { code: 'NOT_RETURNED', requestId }),
    });
  }
  return out;
}

/**
 * Every job's status: chunks of at most 100 ids sent concurrently, rows and errors in the order the
 * ids were given. After the credentials are rejected, chunks not yet sent are not sent.
 */
export async function fetchDrsStatuses(client: HuaweiClient, ids: readonly string[], concurrency: number, now: () => number): Promise<Report> {
  let rejected: AuthError | null = null;
  const raw: string[] = [];
  const warnings: string[] = [];
  const chunks = chunk(ids, DRS_CHUNK_SIZE);
  const parts = await mapLimit(chunks, concurrency, async (part, index): Promise<Map<string, Outcome>> => {
    const failAll = (err: SyncstatError) => new Map(part.map((id): [string, Outcome] => [id, { error: err }]));
    if (rejected) return failAll(rejected);
    try {
      const reply = await client.send<DrsAnswer>({ method: 'POST', path: BATCH_STATUS_PATH, body: batchStatusBody(part) });
      raw[index] = reply.body;
      const paired = pairItems(part, reply.data, reply.requestId, new Date(now()).toISOString());
      if ([...paired.values()].some((o) => 'result' in o && o.result.details.pairedByPosition)) {
        warnings.push(`DRS answered without job ids; paired ${part.length} results with the ids sent by position`);
      }
      return paired;
    } catch (err) {
      if (err instanceof AuthError) rejected ??= err;
      if (err instanceof SyncstatError) return failAll(err);
      throw err; // a bug: let the CLI report it as one
    }
  });
  const report = emptyReport();
  report.ids = [...ids];
  const outcomes = new Map(parts.flatMap((m) => [...m]));
  const errors: ReportedError[] = [];
  for (const id of ids) {
    const o = outcomes.get(id)!;
    if ('result' in o) report.results.push(o.result);
    else errors.push(toReportedError(o.error, id, 'huawei'));
  }
  report.errors.push(...errors);
  report.raw.push(...raw.filter((b) => b !== undefined));
  report.warnings.push(...warnings);
  return report;
}
