import { createHmac, timingSafeEqual } from 'node:crypto';
import { parseAuthorization, parseSdkDate, signatureOf } from '../sign.js';
import { credentialsOf } from './credentials.js';
import { taskStateAt } from '../../../sim/timeline.js';
import type { SimContext, SimCredentials, SimReply, SimRequest, SimService, SimTask } from '../../../sim/types.js';

type HuaweiCreds = SimCredentials['huawei'];

const IAM_TOKENS = '/v3/auth/tokens';
const IAM_PROJECTS = '/v3/projects';
const STARROCKS = /^\/v3\/([^/]+)\/instances\/([^/]+)\/starrocks\/databases\/replication$/;
const BATCH_STATUS = /^\/v3\/([^/]+)\/jobs\/batch-status$/;
const MAX_SKEW_MS = 15 * 60 * 1000;
const TOKEN_TTL_MS = 24 * 3600 * 1000;
const STARROCKS_MAX_PAGE = 50;
const DRS_MAX_IDS = 100;
const DRS_DEFAULT_PER_PAGE = 5;
const TOKEN_PREFIX = 'MIIsim';

function reply(status: number, body: object, ctx: SimContext, headers: Record<string, string> = {}): SimReply {
  return { status, headers: { 'X-Request-Id': ctx.requestId(), ...headers }, body };
}

/** The API gateway's error shape. */
function gateway(status: number, code: string, msg: string, ctx: SimContext, headers: Record<string, string> = {}): SimReply {
  const requestId = ctx.requestId();
  return { status, headers: { 'X-Request-Id': requestId, ...headers }, body: { error_code: code, error_msg: msg, request_id: requestId } };
}

/** A service's own error shape (no request_id in the body; the header has it). */
function serviceError(status: number, code: string, msg: string, ctx: SimContext): SimReply {
  return reply(status, { error_code: code, error_msg: msg }, ctx);
}

function header(req: SimRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

// ---- tokens: stateless, MAC'd with the simulator's SK, so any simulator with the same credentials accepts them

interface TokenClaims {
  user: string;
  projectId: string;
  exp: number;
}

function mac(payload: string, creds: HuaweiCreds): string {
  return createHmac('sha256', `token:${creds.sk}`).update(payload).digest('base64url');
}

export function issueToken(claims: TokenClaims, creds: HuaweiCreds): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${TOKEN_PREFIX}.${payload}.${mac(payload, creds)}`;
}

function readToken(token: string, creds: HuaweiCreds): TokenClaims | null {
  const [prefix, payload, sig] = token.split('.');
  if (prefix !== TOKEN_PREFIX || !payload || !sig) return null;
  const expected = Buffer.from(mac(payload, creds));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenClaims;
  } catch {
    return null;
  }
}

/** IAM's expiry format: 2020-01-04T09:08:49.965000Z. */
function iamTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** POST /v3/auth/tokens, password method: 201 with X-Subject-Token, or IAM's own 401. */
function handleIam(req: SimRequest, ctx: SimContext, creds: HuaweiCreds): SimReply {
  const iamError = (status: number, message: string, title: string) => reply(status, { error: { code: status, message, title } }, ctx);
  if (req.method !== 'POST') return iamError(405, 'The method is not allowed for the requested URL.', 'Method Not Allowed');
  let body: any;
  try {
    body = JSON.parse(req.body);
  } catch {
    return iamError(400, 'The request body is not valid JSON.', 'Bad Request');
  }
  const identity = body?.auth?.identity;
  const user = identity?.password?.user;
  if (!Array.isArray(identity?.methods) || !identity.methods.includes('password') || !user) return iamError(400, 'Only the password method is simulated.', 'Bad Request');
  if (user.name !== creds.user || user.password !== creds.password || user.domain?.name !== creds.domain) {
    return iamError(401, 'The username or password is wrong.', 'Unauthorized');
  }
  const project = body?.auth?.scope?.project;
  if (!(project?.id === creds.projectId || project?.name === creds.region)) return iamError(400, `Invalid scope: no project ${project?.id ?? project?.name ?? '(none)'} in this domain.`, 'Bad Request');
  const now = ctx.now();
  const exp = now + TOKEN_TTL_MS;
  const token = issueToken({ user: creds.user, projectId: creds.projectId, exp }, creds);
  return reply(
    201,
    {
      token: {
        expires_at: iamTime(exp),
        issued_at: iamTime(now),
        methods: ['password'],
        project: { id: creds.projectId, name: creds.region, domain: { name: creds.domain } },
        user: { name: creds.user, domain: { name: creds.domain } },
      },
    },
    ctx,
    { 'X-Subject-Token': token },
  );
}

/**
 * The gateway's check of who is calling: a token it issued, or an SDK-HMAC-SHA256 signature
 * recomputed with the SK. Returns the token's project (null for AK/SK) or the gateway's refusal.
 */
function checkCaller(req: SimRequest, ctx: SimContext, creds: HuaweiCreds): { denied: SimReply } | { tokenProject: string | null } {
  const token = header(req, 'x-auth-token');
  if (token !== undefined) {
    if (token === creds.expiredToken) return { denied: gateway(401, 'APIGW.0307', 'The token must be updated.', ctx) };
    const claims = readToken(token, creds);
    if (!claims) return { denied: gateway(401, 'APIGW.0301', 'Incorrect IAM authentication information: decrypt token fail', ctx) };
    // What the gateway answers for a token past its expiry (not APIGW.0307): the message says so.
    if (claims.exp <= ctx.now()) return { denied: gateway(401, 'APIGW.0301', 'Incorrect IAM authentication information: token expires', ctx) };
    return { tokenProject: claims.projectId };
  }
  const auth = parseAuthorization(header(req, 'authorization'));
  const refuse = (msg: string, code = 'APIGW.0301') => ({ denied: gateway(401, code, msg, ctx) });
  if (!auth) return refuse('Incorrect IAM authentication information: x-auth-token or authorization not found');
  if (auth.access !== creds.ak) return refuse('Incorrect IAM authentication information: AK access failed to verify');
  const date = header(req, 'x-sdk-date') ?? '';
  const at = parseSdkDate(date);
  if (Number.isNaN(at)) return refuse('Incorrect IAM authentication information: x-sdk-date missing or malformed');
  if (Math.abs(at - ctx.now()) > MAX_SKEW_MS) return refuse('Incorrect app authentication information: request time is more than 15 minutes from server time', 'APIGW.0303');
  if (!auth.signedHeaders.includes('host') || !auth.signedHeaders.includes('x-sdk-date')) return refuse('Incorrect IAM authentication information: host and x-sdk-date must be signed');
  for (const name of ['x-project-id', 'x-security-token']) {
    if (header(req, name) !== undefined && !auth.signedHeaders.includes(name)) return refuse(`Incorrect IAM authentication information: ${name} is not signed`);
  }
  const headers: Record<string, string> = { host: req.host };
  for (const name of auth.signedHeaders) if (name !== 'host') headers[name] = header(req, name) ?? '';
  const expected = signatureOf({ method: req.method, path: req.path, query: req.query, headers, signedHeaders: auth.signedHeaders, body: req.body }, date, creds.sk);
  if (expected !== auth.signature) return refuse('Incorrect IAM authentication information: verify aksk signature fail');
  return { tokenProject: null };
}

/** A project-scoped call: the caller, then the project in the URL (and X-Project-Id) must be theirs. */
function checkAuth(req: SimRequest, ctx: SimContext, creds: HuaweiCreds, projectId: string): SimReply | null {
  const caller = checkCaller(req, ctx, creds);
  if ('denied' in caller) return caller.denied;
  if (caller.tokenProject !== null) {
    if (caller.tokenProject !== projectId) return gateway(403, 'APIGW.0302', 'The IAM user is not authorized to access the API: the token is for another project', ctx);
    return null;
  }
  const headerProject = header(req, 'x-project-id');
  if (headerProject !== undefined && headerProject !== projectId) return gateway(403, 'APIGW.0302', 'The IAM user is not authorized to access the API: X-Project-Id does not match the URL', ctx);
  if (projectId !== creds.projectId) return gateway(403, 'APIGW.0302', 'The IAM user is not authorized to access the API: unknown project', ctx);
  return null;
}

/**
 * GET /v3/projects?name=<region>: IAM's project list, as the SDKs call it to find the project id of
 * a region (signed with AK/SK, or with a token). The domain has one project: the demo region's.
 */
function handleProjects(req: SimRequest, ctx: SimContext, creds: HuaweiCreds): SimReply {
  if (req.method !== 'GET') return reply(405, { error: { code: 405, message: 'The method is not allowed for the requested URL.', title: 'Method Not Allowed' } }, ctx);
  const caller = checkCaller(req, ctx, creds);
  if ('denied' in caller) return caller.denied;
  const all = [{ id: creds.projectId, name: creds.region, domain_id: 'd0000000000000000000000000000000', enabled: true, is_domain: false, parent_id: 'd0000000000000000000000000000000', description: '' }];
  const name = req.query.get('name');
  const projects = name === null ? all : all.filter((p) => p.name === name);
  return reply(200, { projects, links: { self: `https://iam.myhuaweicloud.com/v3/projects${name === null ? '' : `?name=${encodeURIComponent(name)}`}`, previous: null, next: null } }, ctx);
}

// ---- TaurusDB StarRocks sync tasks

const TASK_FIELDS = ['source_database', 'target_database', 'task_name', 'status', 'stage', 'percentage', 'catchup_stage', 'catchup_percentage'] as const;

/**
 * The i-th generated sync task of a big instance (deterministic: mostly incremental, some full load,
 * numbers as strings). Made per page, on demand: an instance of 50,000 tasks costs a page, not the list.
 */
function generatedTask(i: number): SimTask {
  const n = String(i + 1).padStart(3, '0');
  const full = i % 7 === 3;
  return {
    source_database: `orders_${n}`,
    target_database: `sr_orders_${n}`,
    task_name: `sync_orders_${n}`,
    status: 'Yes',
    stage: full ? 'full' : 'incremental',
    percentage: full ? String((i * 13) % 100) : '100',
    catchup_stage: full ? null : 'incremental',
    catchup_percentage: full ? '0' : '100',
  };
}

function replicationItem(task: SimTask, elapsedMs: number): Record<string, unknown> {
  const state = taskStateAt(task, elapsedMs);
  return Object.fromEntries(TASK_FIELDS.map((k) => [k, state[k] ?? null]));
}

function isCount(value: string | null, min: number, max: number): boolean {
  return value === null || (/^\d+$/.test(value) && Number(value) >= min && Number(value) <= max);
}

function handleStarRocks(req: SimRequest, ctx: SimContext, instanceId: string): SimReply {
  if (req.method !== 'GET') return gateway(404, 'APIGW.0101', 'The API does not exist or has not been published in the environment', ctx);
  const offset = req.query.get('offset');
  const limit = req.query.get('limit');
  if (!isCount(offset, 0, Number.MAX_SAFE_INTEGER)) return serviceError(400, 'DBS.200001', 'Invalid offset: must be a number that is not negative.', ctx);
  if (!isCount(limit, 1, 100)) return serviceError(400, 'DBS.200001', 'Invalid limit: must be from 1 to 100.', ctx);
  const instance = ctx.scenario.huawei?.instances?.[instanceId];
  if (!instance) return serviceError(400, 'DBS.200022', 'Instance not found.', ctx);
  const listed = instance.tasks ?? [];
  const total = listed.length + (instance.generate ?? 0);
  const from = Number(offset ?? 0);
  // The real service never returns more than 50 rows, whatever the limit.
  const size = Math.min(Number(limit ?? 100), STARROCKS_MAX_PAGE);
  const elapsed = ctx.elapsedMs();
  const replications: Array<Record<string, unknown>> = [];
  for (let i = from; i < Math.min(total, from + size); i++) replications.push(replicationItem(i < listed.length ? listed[i] : generatedTask(i - listed.length), elapsed));
  // total_count is typed as a string in the docs.
  return reply(200, { total_count: String(total), replications, ext_text: null }, ctx);
}

// ---- DRS batch status

function handleBatchStatus(req: SimRequest, ctx: SimContext): SimReply {
  if (req.method !== 'POST') return gateway(404, 'APIGW.0101', 'The API does not exist or has not been published in the environment', ctx);
  let body: any;
  try {
    body = JSON.parse(req.body);
  } catch {
    return serviceError(400, 'DRS.M00202', 'Invalid value of parameter: request body is not JSON.', ctx);
  }
  const ids: unknown = body?.jobs;
  if (!Array.isArray(ids) || ids.length === 0 || ids.some((id) => typeof id !== 'string' || id.trim() === '')) {
    return serviceError(400, 'DRS.M00202', 'Invalid value of parameter jobs: a list of non-empty job ids is required.', ctx);
  }
  if (ids.length > DRS_MAX_IDS) return serviceError(400, 'DRS.M00202', `Invalid value of parameter jobs: at most ${DRS_MAX_IDS} ids per request.`, ctx);
  if (new Set(ids).size !== ids.length) return serviceError(400, 'DRS.M00301', 'Duplicate job ids in the request.', ctx);
  const jobs = ctx.scenario.huawei?.jobs ?? {};
  const elapsed = ctx.elapsedMs();
  const results = (ids as string[]).map((id) => {
    const job = jobs[id];
    if (!job) return { id, error_code: 'DRS.M05003', error_message: 'The job does not exist.' };
    const state = taskStateAt(job, elapsed);
    const item: Record<string, unknown> = state.omitId ? {} : { id };
    item.status = state.status;
    // Not documented for batch-status; a scenario may add it to show full-only jobs.
    if (state.task_type) item.task_type = state.task_type;
    if (state.error_code) Object.assign(item, { error_code: state.error_code, error_message: state.error_message ?? null });
    return item;
  });
  // Without page_req the service applies its default page of 5; per_page 0 means all.
  const perPage = body?.page_req ? Number(body.page_req.per_page ?? DRS_DEFAULT_PER_PAGE) : DRS_DEFAULT_PER_PAGE;
  const page = Math.max(1, Number(body?.page_req?.cur_page ?? 1));
  const shown = perPage === 0 ? results : results.slice((page - 1) * perPage, page * perPage);
  return reply(200, { results: shown, count: results.length }, ctx);
}

/** Huawei Cloud: IAM tokens and projects, TaurusDB StarRocks replication, DRS batch status, behind one API gateway. */
export const huaweiService: SimService = {
  name: 'huawei',
  matches: (req) => req.path.startsWith('/v3/'),
  handle(req, ctx) {
    const creds = credentialsOf(ctx);
    if (req.path === IAM_TOKENS) return handleIam(req, ctx, creds);
    if (req.path === IAM_PROJECTS) return handleProjects(req, ctx, creds);
    const starrocks = STARROCKS.exec(req.path);
    const batch = BATCH_STATUS.exec(req.path);
    const project = starrocks?.[1] ?? batch?.[1];
    if (!project) return gateway(404, 'APIGW.0101', 'The API does not exist or has not been published in the environment', ctx);
    const denied = checkAuth(req, ctx, creds, decodeURIComponent(project));
    if (denied) return denied;
    return starrocks ? handleStarRocks(req, ctx, decodeURIComponent(starrocks[2])) : handleBatchStatus(req, ctx);
  },
  throttle: (retryAfterS, ctx) => gateway(429, 'APIGW.0308', 'The throttling threshold has been reached: policy user over ratelimit', ctx, { 'Retry-After': String(retryAfterS) }),
};
