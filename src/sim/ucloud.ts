import { randomUUID } from 'node:crypto';
import { signUCloud } from '../providers/ucloud/sign.js';
import { simCredentials } from './credentials.js';
import { taskStateAt } from './timeline.js';
import type { SimContext, SimReply, SimRequest, SimService } from './types.js';

const ACTIONS = new Set(['GetUDTSTaskStatus']);
/** UDTS answers an unknown TaskId with a non-credential RetCode and a "not found" message. */
const TASK_NOT_FOUND = 230;

/** Form body, JSON body or query string: UCloud accepts all three. */
function paramsOf(req: SimRequest): Record<string, string> {
  const type = String(req.headers['content-type'] ?? '');
  if (req.body && type.includes('json')) {
    try {
      return Object.fromEntries(Object.entries(JSON.parse(req.body) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(req.body || req.query.toString()));
}

function reply(action: string, retCode: number, extra: Record<string, unknown> = {}): SimReply {
  return { status: 200, headers: { 'x-ucloud-request-uuid': randomUUID() }, body: { RetCode: retCode, Action: `${action || 'Unknown'}Response`, ...extra } };
}

/** The real service's order of checks: Action, Signature, PublicKey, signature value, then the call. */
function handle(req: SimRequest, ctx: SimContext): SimReply {
  const params = paramsOf(req);
  const creds = simCredentials(ctx.scenario.credentials).ucloud;
  const action = params.Action ?? '';
  if (!action) return reply('', 160, { Message: 'Missing Action' });
  if (!params.Signature) return reply(action, 170, { Message: 'Missing signature' });
  if (params.PublicKey !== creds.publicKey) return reply(action, 172, { Message: 'User not exist' });
  if (params.Signature !== signUCloud(params, creds.privateKey)) return reply(action, 171, { Message: 'Signature VerifyAC Error' });
  if (!ACTIONS.has(action)) return reply(action, 161, { Message: `Action [${action}] not found` });
  if (params.ProjectId && params.ProjectId !== creds.projectId) return reply(action, 292, { Message: `Project [${params.ProjectId}] does not exist` });
  const task = ctx.scenario.ucloud?.tasks?.[params.TaskId ?? ''];
  if (!params.TaskId) return reply(action, 230, { Message: 'Missing params: TaskId' });
  if (!task) return reply(action, TASK_NOT_FOUND, { Message: `task ${params.TaskId} not found` });
  const state = taskStateAt(task, ctx.elapsedMs());
  const { Status, FailedMessage, CurRetryCount = 0, MaxRetryCount = 3, Sync = null, ...progress } = state;
  return reply(action, 0, { Data: { Status, FailedMessage: FailedMessage ?? '', CurRetryCount, MaxRetryCount, Progress: progress, Sync } });
}

export const ucloudService: SimService = {
  name: 'ucloud',
  matches: (req) => req.path === '/' && (req.method === 'POST' || req.query.has('Action')),
  handle,
  // UCloud throttles with HTTP 200 and RetCode 153, not HTTP 429.
  throttle: () => reply('GetUDTSTaskStatus', 153, { Message: 'Request rate limited' }),
};
