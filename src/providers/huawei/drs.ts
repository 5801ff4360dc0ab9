import { ApiError, AuthError, NetworkError, SyncstatError } from '../../core/errors.js';
import { emptyReport, toReportedError } from '../../core/report.js';
import { makeResult, phaseOf, type Phase, type Report, type ReportedError, type Result } from '../../core/model.js';
import { asAnswerError, FieldReader, isRecord, text } from '../../core/shape.js';
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

/** One item of the answer, as documented; read as `unknown` values (the service may send anything). */
export interface DrsItem {
  id?: unknown;
  status?: unknown;
  /** Not in the batch-status docs; DRS's job type where it appears (FULL_TRANS, FULL_INCR_TRANS ...). */
  task_type?: unknown;
  job_type?: unknown;
  error_code?: unknown;
  error_message?: unknown;
}

interface DrsAnswer {
  results?: unknown;
  jobs?: unknown;
  count?: unknown;
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

/** One job's row; every field read as what it should be (an object where text belongs is dropped and noted). */
export function normalizeDrs(id: string, item: DrsItem, observedAt: string, pairedByPosition: boolean, fields = new FieldReader()): Result {
  const details: Record<string, unknown> = {};
  const errorCode = fields.text(item.error_code, 'error_code');
  if (errorCode) details.errorCode = errorCode;
  const jobType = fields.text(item.task_type, 'task_type') ?? fields.text(item.job_type, 'job_type');
  if (jobType) details.jobType = jobType;
  if (pairedByPosition) details.pairedByPosition = true;
  const status = fields.text(item.status, 'status');
  return makeResult({
    provider: 'huawei',
    kind: 'drs',
    id,
    phase: drsPhase(status, jobType),
    status,
    message: fields.text(item.error_message, 'error_message') || null,
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
export function pairItems(ids: readonly string[], answer: DrsAnswer, requestId: string | null, observedAt: string, warnings: string[] = []): Map<string, Outcome> {
  const list = Array.isArray(answer.results) ? answer.results : Array.isArray(answer.jobs) ? answer.jobs : null;
  if (!list) throw new NetworkError('DRS answered without a results list', { code: 'BAD_SHAPE', requestId, retryable: false });
  // An item that is not an object (null, a number) says nothing, not even whose it is.
  const items = list.map((i): DrsItem => (isRecord(i) ? i : {}));
  const idOf = (item: DrsItem) => text(item.id);
  const out = new Map<string, Outcome>();
  const byPosition = items.length > 0 && items.every((i) => !idOf(i)) && items.length === ids.length;
  const outcome = (id: string, item: DrsItem): Outcome => {
    const fields = new FieldReader();
    const code = fields.text(item.error_code, 'error_code');
    const status = fields.text(item.status, 'status');
    if (code && !status) return { error: new ApiError(fields.text(item.error_message, 'error_message') || `DRS could not report job ${id}`, { code, requestId }) };
    const result = normalizeDrs(id, item, observedAt, byPosition, fields);
    warnings.push(...fields.warnings(id));
    return { result };
  };
  if (byPosition) {
    ids.forEach((id, i) => out.set(id, outcome(id, items[i])));
    return out;
  }
  for (const item of items) {
    const id = idOf(item);
    if (id && ids.includes(id) && !out.has(id)) out.set(id, outcome(id, item));
  }
  const unlabelled = items.some((i) => !idOf(i));
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
export async function fetchDrsStatuses(client: HuaweiClient, ids: readonly string[], concurrency: number, now: () => number, debug?: (message: string) => void, keepRaw = false): Promise<Report> {
  let rejected: AuthError | null = null;
  const raw: string[] = [];
  const warnings: string[] = [];
  const chunks = chunk(ids, DRS_CHUNK_SIZE);
  const parts = await mapLimit(chunks, concurrency, async (part, index): Promise<Map<string, Outcome>> => {
    const failAll = (err: SyncstatError) => new Map(part.map((id): [string, Outcome] => [id, { error: err }]));
    if (rejected) return failAll(rejected);
    try {
      const reply = await client.send<DrsAnswer>({ method: 'POST', path: BATCH_STATUS_PATH, body: batchStatusBody(part) });
      // The body only for --raw: kept past the parse, thousands of them would add up.
      if (keepRaw) raw[index] = reply.body;
      const notes: string[] = [];
      const paired = pairItems(part, reply.data, reply.requestId, new Date(now()).toISOString(), notes);
      if ([...paired.values()].some((o) => 'result' in o && o.result.details.pairedByPosition)) {
        warnings.push(`DRS answered without job ids; paired ${part.length} results with the ids sent by position`);
      }
      warnings.push(...notes);
      return paired;
    } catch (caught) {
      // An answer no one foresaw is this chunk's error, never the whole run's (real bugs show in --debug).
      const err = asAnswerError(caught, debug);
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
    else errors.push(toReportedError(o.error, id, 'huawei', keepRaw));
  }
  report.errors.push(...errors);
  report.raw.push(...raw.filter((b) => b !== undefined));
  report.warnings.push(...warnings);
  return report;
}
