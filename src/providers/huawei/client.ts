import { AuthError, UsageError } from '../../core/errors.js';
import type { TracedSetting } from '../../core/config.js';
import { normalizeEndpoint } from '../../core/endpoint.js';
import { callApi, type Session } from '../../core/session.js';
import type { HttpRequest } from '../../core/http.js';
import { createAuthenticator, type Authenticator, type Grant } from './auth.js';
import { checkRegion, iamEndpoint, serviceEndpoint, type HuaweiService } from './endpoints.js';
import { interpretHuawei, TokenRejectedError, type HuaweiReply } from './errors.js';
import { chooseAuthMode, traceHuaweiSettings } from './settings.js';
import { valuesOf } from '../../core/config.js';

/** Names used in messages. */
const SERVICE_NAME: Readonly<Record<HuaweiService, string>> = { drs: 'DRS', gaussdb: 'TaurusDB' };
const ENDPOINT_SETTING: Readonly<Record<HuaweiService, 'drsEndpoint' | 'gaussdbEndpoint'>> = { drs: 'drsEndpoint', gaussdb: 'gaussdbEndpoint' };
const ENDPOINT_EXAMPLE: Readonly<Record<HuaweiService, string>> = { drs: 'https://drs.cn-north-4.myhuaweicloud.com', gaussdb: 'https://gaussdb.cn-north-4.myhuaweicloud.com' };

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
  const traced = traceHuaweiSettings(s);
  const settings = valuesOf(traced);
  const name = SERVICE_NAME[service];
  const endpointSetting = traced[ENDPOINT_SETTING[service]];
  // Endpoints first: a bad --endpoint is a usage error, whatever the credentials.
  const explicitEndpoint = endpointSetting.value ? normalizeEndpoint(endpointSetting, { what: `${name} endpoint`, example: ENDPOINT_EXAMPLE[service] }) : null;
  const explicitIam = traced.iamEndpoint.value
    ? normalizeEndpoint(traced.iamEndpoint, { what: 'IAM endpoint', example: 'https://iam.myhuaweicloud.com', defaultScheme: true })
    : null;
  const mode = chooseAuthMode(settings, s.profile);
  const region = () => requireRegion(traced.region, s.profile);
  const endpoint = explicitEndpoint ?? serviceEndpoint(service, region());
  // Without a project id the region names it (password scope or the IAM project lookup): needed now.
  if (!settings.projectId) region();
  const auth = createAuthenticator(s, mode, settings, { iamEndpoint: () => explicitIam ?? iamEndpoint(region()), region });
  s.log.debug(`huawei: ${describeMode(mode)}, ${name} endpoint ${endpoint}`);

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
      const grant = await auth.grant().catch((err) => {
        throw mode === 'token' && isTokenExpired(err) ? staticTokenExpired(err, traced.token) : err;
      });
      try {
        return await attempt<T>(grant, call);
      } catch (err) {
        if (!(err instanceof TokenRejectedError)) throw err;
        if (mode === 'token') throw isTokenExpired(err) ? staticTokenExpired(err, traced.token) : err;
        // Password mode decides (iam.ts): an expired token, or any rejected cached one, is renewed once.
        if (!auth.renew(grant, err)) throw err;
        s.log.debug(`huawei: token rejected (${err.code}); getting a new one, once`);
        return attempt<T>(await auth.grant(), call);
      }
    },
  };
}

function isTokenExpired(err: unknown): err is TokenRejectedError {
  return err instanceof TokenRejectedError && err.tokenExpired;
}

/** A token given as is cannot be renewed: say that it expired and where it came from. */
function staticTokenExpired(err: TokenRejectedError, token: TracedSetting): AuthError {
  return new AuthError(`the Huawei Cloud token from ${token.source} has expired (or is for another region): ${err.message}`, {
    code: err.code,
    requestId: err.requestId,
    suggestion: 'Get a new token (IAM tokens last 24 hours), or let syncstat get them: set HUAWEICLOUD_SDK_USERNAME, HUAWEICLOUD_SDK_PASSWORD and HUAWEICLOUD_SDK_DOMAIN_NAME, or use AK/SK',
  });
}

export function requireRegion(region: TracedSetting, profile: string): string {
  if (!region.value) {
    throw new AuthError('missing Huawei Cloud region', {
      code: 'MISSING_REGION',
      suggestion: `Pass --region, or set HUAWEICLOUD_SDK_REGION or profiles.${profile}.huawei.region (e.g. cn-north-4)`,
    });
  }
  try {
    return checkRegion(region.value);
  } catch (err) {
    // A bad --region is a usage error; a bad one from env or a file is a configuration error.
    if (region.source.startsWith('flag ') && err instanceof AuthError) throw new UsageError(err.message, { suggestion: err.suggestion });
    if (err instanceof AuthError) throw new AuthError(`${err.message} from ${region.source}`, { code: err.code, suggestion: err.suggestion });
    throw err;
  }
}

function describeMode(mode: Authenticator['mode']): string {
  return { aksk: 'AK/SK signing', token: 'X-Auth-Token', password: 'IAM password token' }[mode];
}
