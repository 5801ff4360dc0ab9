import { randomUUID } from 'node:crypto';
import { flattenParams, signUCloud, type ParamValue } from '../sign.js';
import { credentialsOf } from './credentials.js';
import { taskStateAt } from '../../../sim/timeline.js';
import type { SimContext, SimReply, SimRequest, SimService } from '../../../sim/types.js';

const ACTIONS = new Set(['GetUDTSTaskStatus']);
/** UCloud's bad-parameter RetCode (not a credential one): UDTS's answer to a missing or unknown TaskId. */
const BAD_PARAMS = 230;

/**
 * The query string, with a form or JSON body on top: UCloud accepts all three. JSON values are
 * flattened exactly as a client flattens them to sign (Foo.0, Foo.Sub, true/false, 2 not 2.0).
 */
function paramsOf(req: SimRequest): Record<string, string> {
  const params = Object.fromEntries(req.query);
  if (!req.body) return params;
  if (!String(req.headers['content-type'] ?? '').includes('json')) return { ...params, ...Object.fromEntries(new URLSearchParams(req.body)) };
  try {
    const parsed: unknown = JSON.parse(req.body);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return { ...params, ...flattenParams(parsed as Record<string, ParamValue>) };
  } catch {
    // An unreadable body carries no Action: answered like any call without one (160).
  }
  return params;
}

function reply(action: string, retCode: number, extra: Record<string, unknown> = {}): SimReply {
  return { status: 200, headers: { 'x-ucloud-request-uuid': randomUUID() }, body: { RetCode: retCode, Action: `${action || 'Unknown'}Response`, ...extra } };
}

/** The real service's order of checks: Action, Signature, PublicKey, signature value, then the call. */
function handle(req: SimRequest, ctx: SimContext): SimReply {
  const params = paramsOf(req);
  const creds = credentialsOf(ctx);
  const action = params.Action ?? '';
  if (!action) return reply('', 160, { Message: 'Missing Action' });
  if (!params.Signature) return reply(action, 170, { Message: 'Missing signature' });
  if (params.PublicKey !== creds.publicKey) return reply(action, 172, { Message: 'User not exist' });
  if (params.Signature !== signUCloud(params, creds.privateKey)) return reply(action, 171, { Message: 'Signature VerifyAC Error' });
  if (!ACTIONS.has(action)) return reply(action, 161, { Message: `Action [${action}] not found` });
  if (params.ProjectId && params.ProjectId !== creds.projectId) return reply(action, 292, { Message: `Project [${params.ProjectId}] does not exist` });
  if (!params.TaskId) return reply(action, BAD_PARAMS, { Message: 'Missing params: TaskId' });
  const task = ctx.scenario.ucloud?.tasks?.[params.TaskId];
  if (!task) return reply(action, BAD_PARAMS, { Message: `task ${params.TaskId} not found` });
  const state = taskStateAt(task, ctx.elapsedMs());
  const { Status, FailedMessage, CurRetryCount = 0, MaxRetryCount = 3, Sync = null, ...progress } = state;
  return reply(action, 0, { Data: { Status, FailedMessage: FailedMessage ?? '', CurRetryCount, MaxRetryCount, Progress: progress, Sync } });
}

export const ucloudService: SimService = {
  name: 'ucloud',
  // UCloud's API root: every call is `/` plus parameters; one without an Action gets 160, as from UCloud.
  matches: (req) => req.path === '/' && (req.method === 'POST' || req.query.size > 0),
  handle,
  // UCloud throttles with HTTP 200 and RetCode 153, not HTTP 429.
  throttle: () => reply('GetUDTSTaskStatus', 153, { Message: 'Request rate limited' }),
};
