import type { DoctorEndpoint, DoctorHooks, DoctorPlan } from '../../core/provider.js';
import type { Session } from '../../core/session.js';
import type { HttpRequest } from '../../core/http.js';
import { normalizeEndpoint } from '../../core/endpoint.js';
import { AuthError, NetworkError } from '../../core/errors.js';
import { valuesOf } from '../../core/config.js';
import { dateHeaderClock } from '../../doctor/clock.js';
import { requireRegion } from './client.js';
import { iamEndpoint, serviceEndpoint, type HuaweiService } from './endpoints.js';
import { interpretHuawei } from './errors.js';
import { exchangePassword } from './iam.js';
import { chooseAuthMode, describeAuthMode, traceHuaweiSettings, type AuthMode, type HuaweiSettings } from './settings.js';
import { sdkDate, signRequest } from './sign.js';

const LOCKOUT = 'the API gateway locks an AK for 5 minutes after 5 bad signatures';
const SERVICES: ReadonlyArray<{ service: HuaweiService; setting: 'drsEndpoint' | 'gaussdbEndpoint'; what: string }> = [
  { service: 'drs', setting: 'drsEndpoint', what: 'DRS endpoint' },
  { service: 'gaussdb', setting: 'gaussdbEndpoint', what: 'TaurusDB endpoint' },
];

interface ProjectsBody {
  projects?: Array<{ id?: unknown; name?: unknown }> | null;
}

/** Endpoints that are one origin (the simulator, a private gateway) are probed once. */
function merged(endpoints: DoctorEndpoint[]): DoctorEndpoint[] {
  const byOrigin = new Map<string, { names: string[]; url: string }>();
  for (const ep of endpoints) {
    const origin = new URL(ep.url).origin;
    const seen = byOrigin.get(origin) ?? byOrigin.set(origin, { names: [], url: ep.url }).get(origin)!;
    seen.names.push(ep.what.replace(/ endpoint$/, ''));
  }
  const list = (names: string[]) => (names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0]);
  return [...byOrigin.values()].map(({ names, url }) => ({ what: `${list(names)} endpoint`, url }));
}

/**
 * Huawei Cloud: the clock from the gateway's Date header (unsigned GET /); the credentials by one
 * IAM call: `GET /v3/projects?name=<region>` with AK/SK or a token (what the official SDKs call to
 * find a region's project: read-only, names no task, and checks the project id in use), or a fresh
 * password sign-in (`POST /v3/auth/tokens`). With AK/SK that is one signed request and never a retry:
 * a run of bad signatures locks the AK.
 */
export const HUAWEI_DOCTOR: DoctorHooks = {
  configured: (s) => {
    const v = valuesOf(traceHuaweiSettings(s));
    return Boolean(v.ak || v.sk || v.token || v.user || v.password);
  },
  plan(s: Session): DoctorPlan {
    const traced = traceHuaweiSettings(s);
    const settings = valuesOf(traced);
    const explicit = (setting: 'drsEndpoint' | 'gaussdbEndpoint', what: string) =>
      traced[setting].value ? normalizeEndpoint(traced[setting], { what, example: 'https://drs.cn-north-4.myhuaweicloud.com' }) : null;
    const explicitIam = traced.iamEndpoint.value ? normalizeEndpoint(traced.iamEndpoint, { what: 'IAM endpoint', example: 'https://iam.myhuaweicloud.com', defaultScheme: true }) : null;
    const mode = chooseAuthMode(settings, s.profile);
    const region = settings.region ? requireRegion(traced.region, s.profile) : undefined;
    const endpoints = SERVICES.flatMap(({ service, setting, what }) => {
      const url = explicit(setting, what) ?? (region ? serviceEndpoint(service, region) : null);
      return url ? [{ what, url }] : [];
    });
    // Neither endpoint without a region: the commands' own error.
    if (endpoints.length === 0) requireRegion(traced.region, s.profile);
    const iam = explicitIam ?? iamEndpoint(region);
    const all = merged([...endpoints, { what: 'IAM endpoint', url: iam }]);
    const project = settings.projectId ? `project ${settings.projectId} (${traced.projectId.source})` : `the project of region ${region} (looked up at IAM)`;
    const call = mode === 'password' ? `POST ${iam}/v3/auth/tokens (a fresh IAM token, not cached)` : `GET ${iam}/v3/projects${region ? `?name=${region}` : ''} (${mode === 'aksk' ? 'signed' : 'with the token'}; reads no task)`;
    return {
      settings: `auth mode ${mode}: ${describeAuthMode(traced).reason}; ${project}; region ${region ?? 'not set'}${region ? ` (${traced.region.source})` : ''}`,
      endpoints: all,
      clock: (s) => dateHeaderClock(s, `${all[0].url}/`, `the Date header of GET / at the ${all[0].what}`),
      // Only an AK/SK signature carries a time the gateway checks (X-Sdk-Date, APIGW.0303).
      clockLimit: mode === 'aksk' ? { ms: 15 * 60_000, why: 'the API gateway allows for a signed X-Sdk-Date (APIGW.0303)' } : undefined,
      credentialsCall: call,
      singleAttempt: mode === 'aksk' ? LOCKOUT : undefined,
      credentials: (s) => (mode === 'password' ? passwordSignIn(s, iam, settings) : projectLookup(s, mode, iam, settings, region, traced.projectId.source)),
    };
  },
};

async function passwordSignIn(s: Session, iam: string, settings: HuaweiSettings): Promise<string> {
  const token = await exchangePassword(s, {
    iamEndpoint: iam,
    user: settings.user!,
    password: settings.password!,
    domain: settings.domain!,
    projectId: settings.projectId,
    region: settings.projectId ? settings.region : settings.region!,
  });
  return `IAM signed in user ${settings.user} of domain ${settings.domain}; the token is for project ${token.projectId ?? '(none)'}`;
}

/** One request, sent once: no retry policy applies (see LOCKOUT). */
async function projectLookup(s: Session, mode: AuthMode, iam: string, settings: HuaweiSettings, region: string | undefined, projectSource: string): Promise<string> {
  const url = `${iam}/v3/projects${region ? `?${new URLSearchParams({ name: region })}` : ''}`;
  const base: HttpRequest = { method: 'GET', url, headers: { 'content-type': 'application/json' } };
  const req = mode === 'aksk' ? signRequest(base, { ak: settings.ak!, sk: settings.sk!, securityToken: settings.securityToken }, sdkDate(s.now())) : { ...base, headers: { ...base.headers, 'x-auth-token': settings.token! } };
  const reply = interpretHuawei<ProjectsBody>(await s.http.send(req), s.now(), 'IAM');
  if (!Array.isArray(reply.data.projects)) throw new NetworkError('IAM answered the project list without a projects list', { code: 'BAD_SHAPE', requestId: reply.requestId, retryable: false });
  const projects = reply.data.projects.filter((p) => p && typeof p.id === 'string' && (!region || p.name === region)).map((p) => p!.id as string);
  const accepted = `the ${mode === 'aksk' ? 'AK/SK' : 'token'} is accepted`;
  const fix = 'Set the project id of the region (--project-id, HUAWEICLOUD_SDK_PROJECT_ID or profiles.<p>.huawei.projectId), or check the region';
  if (settings.projectId) {
    if (projects.includes(settings.projectId)) return `${accepted}; project ${settings.projectId} is ${region ? `region ${region}'s` : 'one of its projects'}`;
    throw new AuthError(`${accepted}, but project ${settings.projectId} (${projectSource}) is not ${region ? `region ${region}'s (IAM names ${projects.join(', ') || 'none'})` : 'among its projects'}`, { code: 'WRONG_PROJECT', requestId: reply.requestId, suggestion: fix });
  }
  if (projects.length !== 1) throw new AuthError(`${accepted}, but IAM lists ${projects.length} projects named "${region}"`, { code: 'NO_PROJECT', requestId: reply.requestId, suggestion: fix });
  return `${accepted}; region ${region}'s project is ${projects[0]} (looked up at IAM)`;
}
