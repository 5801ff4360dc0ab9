import { NetworkError, SyncstatError } from '../../core/errors.js';
import { makeResult, phaseOf, type Phase, type Result } from '../../core/model.js';
import type { Fetched } from '../../core/report.js';
import { FieldReader, kindOf, listOfObjects, lookup, objectAt } from '../../core/shape.js';
import type { NineDataClient, NineDataReply } from './client.js';
import { INCREMENTAL_SUBTASK, NINEDATA_PRECHECK_PHASES, NINEDATA_TASK_PHASES, PRECHECK_ITEM_ORDER } from './states.js';

export const STATUS_PATH = '/openapi/v1/replication/status';
export const PRECHECK_PATH = '/openapi/v1/replication/precheck/status';

export const REPLICATION_ID_RULES = {
  noun: 'replication id',
  pattern: /^rp-[a-z0-9]{12}$/,
  shape: '"rp-" and 12 lowercase letters or digits',
  example: 'rp-div0t0awwobr',
} as const;

export function replicationPhase(status: string | null | undefined, currentSubTaskType: string | null | undefined): Phase {
  const phase = phaseOf(NINEDATA_TASK_PHASES, status);
  return phase === 'running' && status === 'running' && currentSubTaskType === INCREMENTAL_SUBTASK ? 'syncing' : phase;
}

/**
 * The row is about the id asked for, never the one in the answer: an answer about another
 * replication (a proxy or cache that ignored the query string) is that id's error, or a wait on one
 * task could pass on another's state.
 */
function checkAnsweredId(id: string, data: Record<string, unknown>, what: string): void {
  const answered = data.replicationId;
  if (answered === undefined || answered === null || answered === id) return;
  const shown = typeof answered === 'string' ? answered : kindOf(answered);
  throw new NetworkError(`the answer is about ${what} ${shown}, not ${id} as asked (a proxy or cache in between that ignored the query string?)`, {
    code: 'ID_MISMATCH',
    retryable: false,
    suggestion: 'Check the endpoint and any proxy or cache between syncstat and NineData',
  });
}

/** One replication's status: `data` is the answer's `data`, whatever shape it came in. */
export function normalizeStatus(id: string, data: unknown, observedAt: string, fields = new FieldReader()): Result {
  const d = objectAt(data, 'data');
  checkAnsweredId(id, d, 'replication');
  const subtasks = listOfObjects(d.subTaskList, 'data.subTaskList').map((t, i) => ({
    type: fields.text(t.subTaskType, `subTaskList[${i}].subTaskType`),
    status: fields.text(t.status, `subTaskList[${i}].status`),
    progress: fields.percent(t.percent, `subTaskList[${i}].percent`),
    lagMs: fields.lagMs(t.delay, `subTaskList[${i}].delay`),
  }));
  const status = fields.text(d.status, 'status');
  const currentType = fields.text(d.currentSubTaskType, 'currentSubTaskType');
  const current = subtasks.find((t) => t.type === currentType);
  const incremental = subtasks.find((t) => t.type === INCREMENTAL_SUBTASK);
  const isIncremental = currentType === INCREMENTAL_SUBTASK;
  return makeResult({
    provider: 'ninedata',
    kind: 'replication',
    id,
    phase: replicationPhase(status, currentType),
    status,
    // An incremental subtask reports 0%: that is not progress, so say nothing rather than 0.
    progress: isIncremental ? null : (current?.progress ?? null),
    lagMs: incremental?.lagMs ?? null,
    stage: currentType,
    observedAt,
    details: { subtasks },
  });
}

export async function fetchReplicationStatus(client: NineDataClient, id: string, now: () => number): Promise<Fetched> {
  const reply = await client.get<unknown>(STATUS_PATH, { replicationId: id });
  const fields = new FieldReader();
  const result = withRequestId(reply, () => normalizeStatus(id, reply.data, new Date(now()).toISOString(), fields));
  return { results: [result], raw: [reply.body], warnings: fields.warnings(id) };
}

/** Errors reading an answer carry its request id and body (--raw), like the service's own errors. */
function withRequestId<T>(reply: NineDataReply<unknown>, read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof SyncstatError) {
      err.rawBody ??= reply.body;
      err.requestId ??= reply.requestId;
    }
    throw err;
  }
}

/** One replication's precheck verdict and items: `data` is the answer's `data`, whatever shape it came in. */
export function normalizePrecheck(id: string, data: unknown, observedAt: string, fields = new FieldReader()): Result {
  const d = objectAt(data, 'data');
  checkAnsweredId(id, d, 'the precheck of');
  const rank = (status: string | null) => lookup(PRECHECK_ITEM_ORDER, status) ?? -1;
  const items = listOfObjects(d.items, 'data.items')
    .map((item, i) => {
      const itemId = fields.text(item.itemId, `items[${i}].itemId`);
      return {
        id: itemId,
        name: fields.text(item.itemName, `items[${i}].itemName`) ?? itemId,
        description: fields.text(item.itemDescription, `items[${i}].itemDescription`),
        status: fields.text(item.status, `items[${i}].status`),
        message: fields.text(item.message, `items[${i}].message`) || null,
      };
    })
    .sort((a, b) => rank(a.status) - rank(b.status));
  const notPassed = items.filter((i) => i.status !== 'success');
  const precheckStatus = fields.text(d.precheckStatus, 'precheckStatus');
  return makeResult({
    provider: 'ninedata',
    kind: 'precheck',
    id,
    phase: phaseOf(NINEDATA_PRECHECK_PHASES, precheckStatus),
    status: precheckStatus,
    progress: null,
    stage: 'precheck',
    message: notPassed.length ? `${notPassed.length} of ${items.length} checks did not pass` : null,
    observedAt,
    details: { precheckStatus, items },
  });
}

export async function fetchPrecheck(client: NineDataClient, id: string, now: () => number): Promise<Fetched> {
  const reply = await client.get<unknown>(PRECHECK_PATH, { replicationId: id });
  const fields = new FieldReader();
  const result = withRequestId(reply, () => normalizePrecheck(id, reply.data, new Date(now()).toISOString(), fields));
  return { results: [result], raw: [reply.body], warnings: fields.warnings(id) };
}
