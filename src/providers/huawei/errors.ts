import { ApiError, AuthError, NetworkError, type SyncstatError } from '../../core/errors.js';
import { hostOf, looksLikeHtml, parseJsonBody, transportError, type HttpResponse } from '../../core/http.js';
import { parseRetryAfter } from '../../core/retry.js';
import { text } from '../../core/shape.js';

/** The gateway's credential errors: never retried (a run of bad signatures locks the AK). */
const GATEWAY_AUTH: Readonly<Record<string, string>> = {
  'APIGW.0301': 'Check the AK/SK (HUAWEICLOUD_SDK_AK / HUAWEICLOUD_SDK_SK) or the token; the AK locks for 5 minutes after 5 bad signatures in a row',
  'APIGW.0302': 'The credentials are valid but not allowed this call: check the IAM permissions and the project id',
  'APIGW.0303': "Check the AK/SK, and this machine's clock: the gateway rejects requests more than 15 minutes off",
  'APIGW.0307': 'The token has expired or belongs to another region: get a new one (HUAWEICLOUD_TOKEN) or check --region',
  // Older gateways' spelling of the same codes.
  'APIG.0301': 'Check the AK/SK (HUAWEICLOUD_SDK_AK / HUAWEICLOUD_SDK_SK) or the token',
  'APIG.0307': 'The token has expired or belongs to another region: get a new one (HUAWEICLOUD_TOKEN) or check --region',
};
/** "The token must be updated": always an expired (or foreign) token. */
const TOKEN_MUST_BE_UPDATED = new Set(['APIGW.0307', 'APIG.0307']);
/** Bad credentials in general; an expired token when the message says so ("token expires"). */
const BAD_CREDENTIALS = new Set(['APIGW.0301', 'APIG.0301']);

/** Whether the gateway's answer means the token has expired: worth one renewal in password mode. */
export function isTokenExpiry(code: string | null | undefined, message: string | null | undefined): boolean {
  if (!code) return false;
  if (TOKEN_MUST_BE_UPDATED.has(code)) return true;
  return BAD_CREDENTIALS.has(code) && /token\s+(has\s+)?expire/i.test(message ?? '');
}
/** Other codes worth a hint. */
const HINTS: Readonly<Record<string, string>> = {
  'APIGW.0101': 'The gateway knows no such API here: check the endpoint (--endpoint) and the region',
};
const THROTTLED = 'APIGW.0308';

/** A credential error from the gateway, knowing whether it means "the token has expired". */
export class TokenRejectedError extends AuthError {
  constructor(
    message: string,
    readonly tokenExpired: boolean,
    init: ConstructorParameters<typeof AuthError>[1],
  ) {
    super(message, init);
  }
}

export interface ServiceError {
  code: string | null;
  message: string | null;
}

/** Reads either error shape: {error_code, error_msg} or {error: {code, message}} (IAM, some services). */
export function serviceErrorOf(body: unknown): ServiceError {
  if (typeof body !== 'object' || body === null) return { code: null, message: null };
  const b = body as { error_code?: unknown; error_msg?: unknown; error?: unknown };
  const nested = typeof b.error === 'object' && b.error !== null ? (b.error as { code?: unknown; message?: unknown }) : {};
  // Text where text belongs: an object or a list here is no code or message (never "[object Object]").
  return { code: text(b.error_code ?? nested.code) || null, message: text(b.error_msg ?? nested.message) || null };
}

function tryJson(body: string): unknown {
  try {
    return JSON.parse(body.replace(/^\uFEFF/, ''));
  } catch {
    return null;
  }
}

export function requestIdOf(res: HttpResponse, body?: unknown): string | null {
  const fromBody = (body as { request_id?: unknown } | null)?.request_id;
  return res.headers['x-request-id'] ?? (typeof fromBody === 'string' ? fromBody : null);
}

/** What a failed answer says: the code, message and request id, whichever error shape it uses. */
export function failureOf(res: HttpResponse): ServiceError & { requestId: string | null; parsed: boolean } {
  const body = looksLikeHtml(res.body) ? null : tryJson(res.body);
  return { ...serviceErrorOf(body), requestId: requestIdOf(res, body), parsed: body !== null };
}

/**
 * A non-2xx answer as a typed error: gateway auth codes -> AuthError (exit 3, never retried),
 * throttling and 5xx -> retryable NetworkError, anything else the service said -> ApiError (exit 4).
 */
export function huaweiError(res: HttpResponse, now: number, service: string): SyncstatError {
  const { code, message, requestId, parsed } = failureOf(res);
  const said = message ?? `HTTP ${res.status}`;
  if (code && Object.hasOwn(GATEWAY_AUTH, code)) {
    const expired = isTokenExpiry(code, message);
    return new TokenRejectedError(`${service} rejected the request: ${said} (${code})`, expired, { code, requestId, suggestion: expired ? GATEWAY_AUTH['APIGW.0307'] : GATEWAY_AUTH[code] });
  }
  if (code === THROTTLED || res.status === 429) {
    return new NetworkError(`${hostOf(res.url)} is throttling requests (${code ?? 'HTTP 429'})`, {
      code: code ?? 'HTTP_429',
      throttled: true,
      requestId,
      retryAfterMs: parseRetryAfter(res.headers['retry-after'], now),
      suggestion: 'Lower --concurrency or retry later',
    });
  }
  if (res.status >= 500) {
    if (!code) return transportError(res, now)!;
    return new NetworkError(`${service} answered HTTP ${res.status}: ${said}`, { code, requestId, retryAfterMs: parseRetryAfter(res.headers['retry-after'], now) });
  }
  if (res.status === 401 || res.status === 403) {
    return new AuthError(`${service} rejected the credentials: ${said}`, { code: code ?? `HTTP_${res.status}`, requestId });
  }
  if (!code && !parsed) return new NetworkError(`${service} answered HTTP ${res.status} with no error details`, { code: `HTTP_${res.status}`, requestId, retryable: false, suggestion: 'Check the endpoint (--endpoint) and region' });
  return new ApiError(said, { code: code ?? `HTTP_${res.status}`, requestId, suggestion: code ? HINTS[code] : undefined });
}

export interface HuaweiReply<T> {
  data: T;
  body: string;
  requestId: string | null;
  headers: Record<string, string | undefined>;
}

/** A 2xx JSON object, or the typed error the answer stands for. */
export function interpretHuawei<T>(res: HttpResponse, now: number, service: string): HuaweiReply<T> {
  if (res.status < 200 || res.status >= 300) throw huaweiError(res, now, service);
  const data = parseJsonBody(res);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new NetworkError(`unexpected response shape from ${service} (HTTP ${res.status})`, { code: 'BAD_SHAPE', retryable: false });
  }
  return { data: data as T, body: res.body, requestId: requestIdOf(res, data), headers: res.headers };
}
