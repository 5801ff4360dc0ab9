import { signNineData } from '../sign.js';
import { credentialsOf } from './credentials.js';
import { taskStateAt } from '../../../sim/timeline.js';
import type { SimContext, SimReply, SimRequest, SimService } from '../../../sim/types.js';

const STATUS_PATH = '/openapi/v1/replication/status';
const PRECHECK_PATH = '/openapi/v1/replication/precheck/status';
const LIST_PATH = '/openapi/v1/replication/list';
const NOW_PATH = '/openapi/now';
const MAX_SKEW_MS = 10 * 60 * 1000;
const DEFAULT_SUBTASKS = ['schema', 'full', 'inc_writer'];
/** Task statuses before any subtask has run. */
const NOT_STARTED = new Set(['createSuccess', 'notStarted', 'preChecking', 'preCheckSuccess', 'preCheckFailed']);

function fail(status: number, message: string, ctx: SimContext): SimReply {
  return { status, body: { success: false, requestId: ctx.requestId(), data: null, message } };
}

function ok(data: unknown, ctx: SimContext): SimReply {
  return { status: 200, body: { success: true, requestId: ctx.requestId(), data } };
}

/** The auth check the real service does: known key, fresh timestamp, SHA-256 signature over path/secret&timestamp. */
function checkAuth(req: SimRequest, ctx: SimContext): SimReply | null {
  const creds = credentialsOf(ctx);
  const keyId = req.headers['access-key-id'];
  const timestamp = req.headers['timestamp'];
  const signature = req.headers['signature'];
  if (typeof keyId !== 'string' || typeof timestamp !== 'string' || typeof signature !== 'string') {
    return fail(401, 'missing authentication headers: access-key-id, timestamp and signature are required', ctx);
  }
  if (keyId !== creds.accessKeyId) return fail(401, 'invalid access-key-id', ctx);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(timestamp)) return fail(401, 'invalid timestamp format, expected yyyy-MM-ddTHH:mm:ssZ', ctx);
  if (Math.abs(Date.parse(timestamp) - ctx.now()) > MAX_SKEW_MS) return fail(401, 'timestamp expired: more than 10 minutes from server time', ctx);
  if (signature !== signNineData(req.path, creds.accessKeySecret, timestamp)) return fail(401, 'signature verification failed', ctx);
  return null;
}

/** Builds the status body from a compact task state: status, stage, percent, delay. */
export function replicationBody(id: string, state: Record<string, unknown>): Record<string, unknown> {
  const status = String(state.status ?? 'running');
  const stage = (state.stage as string | undefined) ?? 'inc_writer';
  if (Array.isArray(state.subTaskList)) return { replicationId: id, status, currentSubTaskType: stage, subTaskList: state.subTaskList };
  const types = (state.subtasks as string[] | undefined) ?? DEFAULT_SUBTASKS;
  const at = types.indexOf(stage);
  const subTaskList = types.map((type, i) => {
    const sub: Record<string, unknown> = { subTaskType: type };
    if (status === 'success') Object.assign(sub, { status: 'success', percent: 100 });
    else if (NOT_STARTED.has(status) || i > at) Object.assign(sub, { status: 'notStarted', percent: 0 });
    else if (i < at) Object.assign(sub, { status: 'success', percent: 100 });
    else Object.assign(sub, { status, percent: type === 'inc_writer' ? 0 : (state.percent ?? 0) });
    if (type === 'inc_writer' && i === at && state.delay !== undefined && state.delay !== null) sub.delay = state.delay;
    return sub;
  });
  return { replicationId: id, status, currentSubTaskType: stage, subTaskList };
}

/** The task list, paged (`current` from 1, `pageSize` default 10): `syncstat doctor` reads one row of it. */
function listPage(req: SimRequest, ctx: SimContext): Record<string, unknown> {
  const current = Math.max(1, Number(req.query.get('current') ?? 1) || 1);
  const pageSize = Math.max(1, Number(req.query.get('pageSize') ?? 10) || 10);
  const ids = Object.keys(ctx.scenario.ninedata?.replications ?? {});
  const page = ids.slice((current - 1) * pageSize, current * pageSize);
  const list = page.map((id) => ({ replicationId: id, name: id, type: 'default', status: String(taskStateAt(ctx.scenario.ninedata!.replications![id], ctx.elapsedMs()).status ?? 'running') }));
  return { current, pageSize, total: ids.length, list };
}

export const nineDataService: SimService = {
  name: 'ninedata',
  matches: (req) => req.path.startsWith('/openapi/'),
  handle(req, ctx) {
    if (req.method === 'GET' && req.path === NOW_PATH) return ok(new Date(ctx.now()).toISOString(), ctx);
    const denied = checkAuth(req, ctx);
    if (denied) return denied;
    if (req.method === 'GET' && req.path === LIST_PATH) return ok(listPage(req, ctx), ctx);
    if (req.method !== 'GET' || (req.path !== STATUS_PATH && req.path !== PRECHECK_PATH)) return fail(404, `no such API: ${req.method} ${req.path}`, ctx);
    const id = req.query.get('replicationId');
    if (!id) return fail(400, 'replicationId is required', ctx);
    const nd = ctx.scenario.ninedata ?? {};
    if (req.path === STATUS_PATH) {
      const task = nd.replications?.[id];
      return task ? ok(replicationBody(id, taskStateAt(task, ctx.elapsedMs())), ctx) : fail(200, `replication ${id} not found`, ctx);
    }
    const precheck = nd.prechecks?.[id];
    if (!precheck) return fail(200, nd.replications?.[id] ? `replication ${id} has no precheck result` : `replication ${id} not found`, ctx);
    const state = taskStateAt(precheck, ctx.elapsedMs());
    return ok({ replicationId: id, precheckStatus: state.precheckStatus, items: state.items ?? [] }, ctx);
  },
};

