import { AuthError } from '../../core/errors.js';
import { callApi, type Session } from '../../core/session.js';
import type { HttpRequest } from '../../core/http.js';
import { createAuthenticator, type Authenticator, type Grant } from './auth.js';
import { checkRegion, iamEndpoint, normalizeEndpoint, serviceEndpoint, type HuaweiService } from './endpoints.js';
import { interpretHuawei, TOKEN_EXPIRED, type HuaweiReply } from './errors.js';
import { chooseAuthMode, readHuaweiSettings, type HuaweiSettings } from './settings.js';

/** Names used in messages. */
const SERVICE_NAME: Readonly<Record<HuaweiService, string>> = { drs: 'DRS', gaussdb: 'TaurusDB' };
const ENDPOINT_SETTING: Readonly<Record<HuaweiService, 'drsEndpoint' | 'gaussdbEndpoint'>> = { drs: 'drsEndpoint', gaussdb: 'gaussdbEndpoint' };

export interface HuaweiCall {
  method: 'GET' | 'POST';
  /** Path after /v3/{project_id}. */
  path: string;
  query?: Record<string, string>;
  body?: string;
}

export interface HuaweiClient {
  send<T>(call: HuaweiCall): Promise<HuaweiReply<T>>;
}

export function createHuaweiClient(s: Session, service: HuaweiService): HuaweiClient {
  const settings = readHuaweiSettings(s);
  const mode = chooseAuthMode(settings, s.profile);
  const region = () => requireRegion(settings, s.profile);
  const endpoint = settings[ENDPOINT_SETTING[service]]
    ? normalizeEndpoint(settings[ENDPOINT_SETTING[service]]!, `${SERVICE_NAME[service]} endpoint`)
    : serviceEndpoint(service, region());
  const iam = () => (settings.iamEndpoint ? normalizeEndpoint(settings.iamEndpoint, 'IAM endpoint') : iamEndpoint(region()));
  // Password mode scopes the token by project id, else by the region's project name.
  if (mode === 'password' && !settings.projectId) region();
  const auth = createAuthenticator(s, mode, settings, iam);
  s.log.debug(`huawei: ${describeMode(mode)}, ${SERVICE_NAME[service]} endpoint ${endpoint}`);
  const name = SERVICE_NAME[service];

  async function attempt<T>(grant: Grant, call: HuaweiCall): Promise<HuaweiReply<T>> {
    const query = call.query ? `?${new URLSearchParams(call.query)}` : '';
    const url = `${endpoint}/v3/${encodeURIComponent(grant.projectId)}${call.path}${query}`;
    const base: HttpRequest = {
      method: call.method,
      url,
      // X-Project-Id as the official SDKs send it; X-Language for English messages. Both signed.
      headers: { 'content-type': 'application/json', 'x-language': 'en-us', 'x-project-id': grant.projectId },
      body: call.body,
    };
    return callApi(s, () => grant.apply(base), (res) => interpretHuawei<T>(res, s.now(), name));
  }

  return {
    async send<T>(call: HuaweiCall) {
      const grant = await auth.grant();
      try {
        return await attempt<T>(grant, call);
      } catch (err) {
        if (!isTokenExpired(err) || !auth.renew(grant)) throw err;
        s.log.debug('huawei: token rejected as expired (APIGW.0307); getting a new one, once');
        return attempt<T>(await auth.grant(), call);
      }
    },
  };
}

function isTokenExpired(err: unknown): boolean {
  return err instanceof AuthError && err.code === TOKEN_EXPIRED;
}

function requireRegion(settings: HuaweiSettings, profile: string): string {
  if (!settings.region) {
    throw new AuthError('missing Huawei Cloud region', {
      code: 'MISSING_REGION',
      suggestion: `Pass --region, or set HUAWEICLOUD_SDK_REGION or profiles.${profile}.huawei.region (e.g. cn-north-4)`,
    });
  }
  return checkRegion(settings.region);
}

function describeMode(mode: Authenticator['mode']): string {
  return { aksk: 'AK/SK signing', token: 'X-Auth-Token', password: 'IAM password token' }[mode];
}
