import { NINEDATA_SETTINGS } from './settings-table.js';
import { ApiError, AuthError, NetworkError } from '../../core/errors.js';
import { missingSettingsError, traceServiceSettings, valuesOf, type Traced } from '../../core/config.js';
import { parseJsonBody, transportError, type HttpResponse } from '../../core/http.js';
import { callApi, type Session } from '../../core/session.js';
import { text } from '../../core/shape.js';
import { normalizeEndpoint } from '../../core/endpoint.js';
import { nineDataAuthHeaders } from './sign.js';


/** The NineData response envelope. */
export interface Envelope<T> {
  success?: unknown;
  requestId?: unknown;
  data?: T;
  message?: unknown;
  errorCode?: unknown;
  code?: unknown;
}

export interface NineDataReply<T> {
  data: T;
  requestId: string | null;
  body: string;
}

export interface NineDataClient {
  get<T>(path: string, query: Record<string, string>): Promise<NineDataReply<T>>;
}

/** NineData's settings with their sources (secrets registered for scrubbing). */
export function traceNineDataSettings(s: Session): Traced<typeof NINEDATA_SETTINGS> {
  return traceServiceSettings(s, 'ninedata', NINEDATA_SETTINGS);
}

export function createNineDataClient(s: Session): NineDataClient {
  const traced = traceNineDataSettings(s);
  const settings = valuesOf(traced);
  const endpoint = normalizeEndpoint(traced.endpoint, { what: 'NineData endpoint', example: 'https://console.ninedata.cloud' });
  const missing = (['accessKeyId', 'accessKeySecret'] as const).filter((k) => !settings[k]);
  if (missing.length) throw missingSettingsError('NineData', NINEDATA_SETTINGS, missing, s.profile);
  const accessKeyId = settings.accessKeyId!;
  const secret = settings.accessKeySecret!;

  return {
    get<T>(path: string, query: Record<string, string>) {
      const url = `${endpoint}${path}?${new URLSearchParams(query)}`;
      return callApi(
        s,
        () => ({ method: 'GET', url, headers: { ...nineDataAuthHeaders(path, accessKeyId, secret, s.now()) } }),
        (res) => interpret<T>(res, s.now()),
      );
    },
  };
}

/** Reads NineData's envelope: success === true or it failed, whatever the HTTP status. */
function interpret<T>(res: HttpResponse, now: number): NineDataReply<T> {
  const transport = transportError(res, now);
  if (transport) throw transport;
  const body = parseJsonBody(res) as Envelope<T>;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new NetworkError(`unexpected response shape from NineData (HTTP ${res.status})`, { code: 'BAD_SHAPE' });
  // Every field read as what it should be: an object where text belongs is no text (never "[object Object]").
  const requestId = text(body.requestId);
  if (body.success === true) {
    if (body.data === undefined || body.data === null) throw new ApiError(`NineData answered success with no data`, { requestId, code: 'NO_DATA' });
    return { data: body.data, requestId, body: res.body };
  }
  const message = text(body.message) || `NineData request failed (HTTP ${res.status})`;
  const code = text(body.errorCode) || text(body.code) || (res.status === 401 || res.status === 403 ? 'AUTH' : 'API_ERROR');
  if (res.status === 401 || res.status === 403) {
    throw new AuthError(`NineData rejected the credentials: ${message}`, {
      code,
      requestId,
      suggestion: 'Check NINEDATA_ACCESS_KEY_ID / NINEDATA_ACCESS_KEY_SECRET and that this machine\'s clock is right (10-minute limit)',
    });
  }
  throw new ApiError(message, { code, requestId });
}

export { NINEDATA_SETTINGS };
