import { UCLOUD_SETTINGS } from './settings-table.js';
import { ApiError, AuthError, NetworkError } from '../../core/errors.js';
import { missingSettingsError, traceServiceSettings, valuesOf, type Traced } from '../../core/config.js';
import { hostOf, parseJsonBody, transportError, type HttpResponse } from '../../core/http.js';
import { toNumber } from '../../core/model.js';
import { callApi, type Session } from '../../core/session.js';
import { normalizeEndpoint } from '../../core/endpoint.js';
import { CREDENTIAL_FILE_SETTINGS, readUCloudCliProfile } from './cli-profile.js';
import { signedParams, type ParamValue } from './sign.js';
import { CREDENTIAL_RETCODES, RETRYABLE_RETCODES, THROTTLED_RETCODE } from './states.js';


export interface UCloudReply {
  body: Record<string, unknown>;
  text: string;
  requestId: string | null;
}

export interface UCloudClient {
  projectId?: string;
  region?: string;
  call(params: Record<string, ParamValue>): Promise<UCloudReply>;
}

/** UCloud's settings with their sources (secrets registered for scrubbing). */
export function traceUCloudSettings(s: Session): Traced<typeof UCLOUD_SETTINGS> {
  return traceServiceSettings(s, 'ucloud', UCLOUD_SETTINGS, {
    service: 'UCloud',
    hasCredentials: (t) => Boolean(t.publicKey.value || t.privateKey.value),
    read: () => {
      const cli = readUCloudCliProfile(s.env, s.homedir);
      if (!cli) return undefined;
      // Each setting credited to the file it is in: keys in credential.json, the rest in config.json.
      const sources = Object.fromEntries(Object.keys(cli.values).map((k) => [k, `${CREDENTIAL_FILE_SETTINGS.has(k) ? cli.path : cli.configPath} (profile ${cli.profile})`]));
      return { path: `${cli.path} (profile ${cli.profile})`, values: cli.values, sources };
    },
  });
}

export function createUCloudClient(s: Session): UCloudClient {
  const traced = traceUCloudSettings(s);
  const settings = valuesOf(traced);
  const endpoint = normalizeEndpoint(traced.endpoint, { what: 'UCloud endpoint', example: 'https://api.ucloud.cn' });
  const missing = (['publicKey', 'privateKey'] as const).filter((k) => !settings[k]);
  if (missing.length) throw missingSettingsError('UCloud', UCLOUD_SETTINGS, missing, s.profile, 'the UCloud CLI\'s profile (`ucloud config`, ~/.ucloud)');
  return {
    projectId: settings.projectId,
    region: settings.region,
    call(params) {
      // POST form-urlencoded: the documented safest choice; UCloud signs values unescaped.
      const body = new URLSearchParams(signedParams(params, settings.publicKey!, settings.privateKey!)).toString();
      return callApi(
        s,
        () => ({ method: 'POST', url: `${endpoint}/`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }),
        (res) => interpret(res, String(params.Action), s.now()),
      );
    },
  };
}

/** Errors, auth errors included, come back as HTTP 200 with a non-zero RetCode. */
function interpret(res: HttpResponse, action: string, now: number): UCloudReply {
  const transport = transportError(res, now);
  if (transport) throw transport;
  const body = parseJsonBody(res) as Record<string, unknown>;
  const requestId = res.headers['x-ucloud-request-uuid'] ?? null;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new NetworkError(`unexpected response shape from UCloud (HTTP ${res.status})`, { code: 'BAD_SHAPE', requestId });
  const retCode = toNumber(body.RetCode);
  if (retCode === null && res.status !== 200) {
    // UCloud answers every call, errors included, with HTTP 200: anything else is not UCloud's API.
    throw new NetworkError(`${hostOf(res.url)} answered HTTP ${res.status} without a UCloud RetCode`, { code: `HTTP_${res.status}`, requestId, retryable: false, suggestion: 'Check the endpoint (--endpoint or UCLOUD_API_BASE_URL)' });
  }
  if (retCode === null) throw new NetworkError(`UCloud answered ${action} without a RetCode`, { code: 'NO_RETCODE', requestId });
  if (retCode === 0) return { body, text: res.body, requestId };
  const message = `${typeof body.Message === 'string' && body.Message ? body.Message : `${action} failed`} (RetCode ${retCode})`;
  const code = String(retCode);
  if (CREDENTIAL_RETCODES.has(retCode)) {
    throw new AuthError(`UCloud rejected the credentials: ${message}`, { code, requestId, suggestion: 'Check UCLOUD_PUBLIC_KEY / UCLOUD_PRIVATE_KEY (and UCLOUD_PROJECT_ID for sub-accounts)' });
  }
  if (RETRYABLE_RETCODES.has(retCode)) throw new NetworkError(`UCloud is busy: ${message}`, { code, requestId, throttled: retCode === THROTTLED_RETCODE, suggestion: 'Retry later, or lower --concurrency' });
  throw new ApiError(message, { code, requestId });
}

export { UCLOUD_SETTINGS };
