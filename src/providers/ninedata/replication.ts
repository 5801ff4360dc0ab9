import { makeResult, phaseOf, toNumber, type Phase, type Result } from '../../core/model.js';
import type { Fetched } from '../../core/report.js';
import type { NineDataClient } from './client.js';
import { INCREMENTAL_SUBTASK, NINEDATA_PRECHECK_PHASES, NINEDATA_TASK_PHASES, PRECHECK_ITEM_ORDER } from './states.js';

export const STATUS_PATH = '/openapi/v1/replication/status';
export const PRECHECK_PATH = '/openapi/v1/replication/precheck/status';

export const REPLICATION_ID_RULES = {
  noun: 'replication id',
  pattern: /^rp-[a-z0-9]{12}$/,
  shape: '"rp-" and 12 lowercase letters or digits',
  example: 'rp-div0t0awwobr',
} as const;

interface SubTask {
  subTaskType?: string;
  status?: string;
  percent?: number | string;
  delay?: number | string;
}

interface StatusData {
  replicationId?: string;
  status?: string;
  currentSubTaskType?: string;
  subTaskList?: SubTask[];
}

export function replicationPhase(status: string | undefined, currentSubTaskType: string | undefined): Phase {
  const phase = phaseOf(NINEDATA_TASK_PHASES, status);
  return phase === 'running' && status === 'running' && currentSubTaskType === INCREMENTAL_SUBTASK ? 'syncing' : phase;
}

export function normalizeStatus(id: string, data: StatusData, observedAt: string): Result {
  const subtasks = (data.subTaskList ?? []).map((t) => ({
    type: t.subTaskType ?? null,
    status: t.status ?? null,
    progress: toNumber(t.percent),
    lagMs: toNumber(t.delay),
  }));
  const current = subtasks.find((t) => t.type === data.currentSubTaskType);
  const incremental = subtasks.find((t) => t.type === INCREMENTAL_SUBTASK);
  const isIncremental = data.currentSubTaskType === INCREMENTAL_SUBTASK;
  return makeResult({
    provider: 'ninedata',
    kind: 'replication',
    id: data.replicationId ?? id,
    phase: replicationPhase(data.status, data.currentSubTaskType),
    status: data.status ?? null,
    // An incremental subtask reports 0%: that is not progress, so say nothing rather than 0.
    progress: isIncremental ? null : (current?.progress ?? null),
    lagMs: incremental?.lagMs ?? null,
    stage: data.currentSubTaskType ?? null,
    observedAt,
    details: { subtasks },
  });
}

export async function fetchReplicationStatus(client: NineDataClient, id: string, now: () => number): Promise<Fetched> {
  const reply = await client.get<StatusData>(STATUS_PATH, { replicationId: id });
  const result = normalizeStatus(id, reply.data, new Date(now()).toISOString());
  return { results: [result], raw: [reply.body] };
}

interface PrecheckItem {
  itemId?: string;
  itemName?: string;
  itemDescription?: string;
  status?: string;
  message?: string;
}

interface PrecheckData {
  replicationId?: string;
  precheckStatus?: string;
  items?: PrecheckItem[];
}

export function normalizePrecheck(id: string, data: PrecheckData, observedAt: string): Result {
  const items = (data.items ?? [])
    .map((item) => ({
      id: item.itemId ?? null,
      name: item.itemName ?? item.itemId ?? null,
      description: item.itemDescription ?? null,
      status: item.status ?? null,
      message: item.message || null,
    }))
    .sort((a, b) => (PRECHECK_ITEM_ORDER[a.status ?? ''] ?? -1) - (PRECHECK_ITEM_ORDER[b.status ?? ''] ?? -1));
  const notPassed = items.filter((i) => i.status !== 'success');
  return makeResult({
    provider: 'ninedata',
    kind: 'precheck',
    id: data.replicationId ?? id,
    phase: phaseOf(NINEDATA_PRECHECK_PHASES, data.precheckStatus),
    status: data.precheckStatus ?? null,
    progress: null,
    stage: 'precheck',
    message: notPassed.length ? `${notPassed.length} of ${items.length} checks did not pass` : null,
    observedAt,
    details: { precheckStatus: data.precheckStatus ?? null, items },
  });
}

export async function fetchPrecheck(client: NineDataClient, id: string, now: () => number): Promise<Fetched> {
  const reply = await client.get<PrecheckData>(PRECHECK_PATH, { replicationId: id });
  return { results: [normalizePrecheck(id, reply.data, new Date(now()).toISOString())], raw: [reply.body] };
}
