import { InterruptedError, NetworkError } from './errors.js';
import { formatDuration } from './duration.js';
import { parseRetryAfter } from './retry.js';
import { redactBody, redactHeaders, redactUrl } from './secrets.js';
import type { Logger } from './log.js';
import { usesProxy } from './proxy-env.js';
import type { Attempt, Transport } from './transport-node.js';

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string | undefined>;
  body: string;
  url: string;
}

export interface SendOptions {
  /** This attempt's time limit when shorter than the client's (what is left of the command's --timeout). */
  timeoutMs?: number;
}

export interface HttpClient {
  send(req: HttpRequest, opts?: SendOptions): Promise<HttpResponse>;
  close(): Promise<void>;
}

export interface HttpClientOptions {
  /** Per request (--request-timeout): connect, headers and body each, and the whole request. */
  timeoutMs: number;
  /** The run's interruption (Ctrl-C, SIGTERM): aborts every request in flight. */
  signal?: AbortSignal;
  env: Record<string, string | undefined>;
  log: Logger;
  /** A body larger than this is a protocol error, not a memory problem. */
  maxBodyBytes?: number;
  userAgent?: string;
}

const MAX_BODY_BYTES = 8 * 1024 * 1024;

/**
 * One keep-alive connection pool per process. Without a proxy, requests go through node:http(s)
 * agents: loading undici costs more than the whole request (npm run bench), and a status query is
 * often run in a loop. With HTTPS_PROXY / HTTP_PROXY set, undici's EnvHttpProxyAgent (which also
 * honours NO_PROXY) is loaded and used instead.
 */
export function createHttpClient(opts: HttpClientOptions): HttpClient {
  const maxBody = opts.maxBodyBytes ?? MAX_BODY_BYTES;
  const useProxy = usesProxy(opts.env);
  let transport: Promise<Transport> | undefined;
  // Once loaded, used as it is: an await per request on a settled promise still costs a turn.
  let ready: Transport | undefined;
  const getTransport = () =>
    (transport ??= (useProxy
      ? import('./transport-undici.js').then((m) => {
          opts.log.debug(m.describeProxies(opts.env));
          return m.createProxyTransport(opts.env, opts.timeoutMs, maxBody);
        })
      : // node:http (and the stream machinery under it) loads on the first request, not at start-up:
        // `--help` and usage errors never pay for it.
        import('./transport-node.js').then((m) => m.createNodeTransport(maxBody))
    ).then((t) => (ready = t)));
  const userAgent = opts.userAgent ?? 'syncstat';

  // One listener on the run's signal cancels whatever is in flight. A per-request AbortSignal.any() of
  // that long-lived signal and a timeout signal leaks (nodejs/node#55351): the heap grew per request.
  const inFlight = new Set<Attempt>();
  opts.signal?.addEventListener('abort', () => {
    for (const a of inFlight) (a.cancelled = true), a.cancel?.();
  }, { once: true });

  async function send(req: HttpRequest, sendOpts: SendOptions = {}): Promise<HttpResponse> {
    const started = opts.log.debugEnabled ? Date.now() : 0;
    const headers = { 'user-agent': userAgent, ...req.headers };
    if (opts.log.debugEnabled) {
      const shown = Object.entries(redactHeaders(headers)).map(([k, v]) => `${k}: ${v}`).join(', ');
      opts.log.debug(`→ ${req.method} ${redactUrl(req.url)} {${shown}}${req.body ? ` body ${redactBody(req.body)}` : ''}`);
    }
    if (opts.signal?.aborted) throw new InterruptedError();
    const timeoutMs = Math.max(1, Math.min(opts.timeoutMs, sendOpts.timeoutMs ?? Infinity));
    const attempt: Attempt = { cancelled: false };
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = attempt.cancelled = true;
      attempt.cancel?.();
    }, timeoutMs);
    inFlight.add(attempt);
    let transportUsed: Transport | undefined;
    try {
      const t = ready ?? (await getTransport());
      transportUsed = t;
      const res = await t.send({ method: req.method, url: req.url, headers, body: req.body }, attempt, timeoutMs);
      // Built only with --debug: redacting a URL per request is measurable in a query of thousands of ids.
      if (opts.log.debugEnabled) opts.log.debug(`← ${res.status} ${redactUrl(req.url)} in ${Date.now() - started}ms, ${res.body.length} bytes`);
      return { status: res.status, headers: res.headers, body: res.body, url: req.url };
    } catch (err) {
      if (opts.signal?.aborted) throw new InterruptedError();
      const described = describeNetworkError(err, req.url, timeoutMs, timedOut, transportUsed?.failedPeer?.(err, req.url));
      if (opts.log.debugEnabled) opts.log.debug(`✗ ${req.method} ${redactUrl(req.url)} after ${Date.now() - started}ms: ${described.message}`);
      throw described;
    } finally {
      clearTimeout(timer);
      inFlight.delete(attempt);
    }
  }

  return { send, close: async () => (transport ? (await transport).close() : undefined) };
}

export function bodyTooLarge(url: string, max: number): NetworkError {
  return new NetworkError(`response from ${hostOf(url)} is larger than ${max} bytes; refusing to read it`, { code: 'BODY_TOO_LARGE', retryable: false });
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** undici reports a proxy that would not open a tunnel only in its message: "Proxy response (407) !== 200". */
function proxyTunnelStatus(err: unknown): number | undefined {
  for (let e = err as { message?: unknown; cause?: unknown } | undefined; e && typeof e === 'object'; e = e.cause as typeof e) {
    const m = typeof e.message === 'string' ? /^Proxy response \((\d{3})\)/.exec(e.message) : null;
    if (m) return Number(m[1]);
  }
  return undefined;
}

/** The message of the error in the cause chain that carries `code` (Node says what is wrong with a certificate). */
function messageOf(err: unknown, code: string, seen = new Set<unknown>()): string {
  if (!err || typeof err !== 'object' || seen.has(err)) return '';
  seen.add(err);
  const e = err as { code?: unknown; name?: unknown; message?: unknown; cause?: unknown; errors?: unknown[] };
  if ((e.code === code || e.name === code) && typeof e.message === 'string') return e.message;
  return [e.cause, ...(e.errors ?? [])].map((x) => messageOf(x, code, seen)).find((m) => m !== '') ?? '';
}

/** Codes found anywhere in an error's cause chain (undici wraps, and connects to several addresses). */
function errorCodes(err: unknown, seen = new Set<unknown>()): string[] {
  if (!err || typeof err !== 'object' || seen.has(err)) return [];
  seen.add(err);
  const e = err as { code?: unknown; name?: unknown; cause?: unknown; errors?: unknown[] };
  const own = [e.code, e.name].filter((x): x is string => typeof x === 'string');
  return [...own, ...errorCodes(e.cause, seen), ...(e.errors ?? []).flatMap((x) => errorCodes(x, seen))];
}

const PROXY_HINT = 'Check HTTPS_PROXY / HTTP_PROXY / NO_PROXY';

/** What is wrong with a certificate, in our words by OpenSSL's code: Node's wording changes between versions. */
const TLS_REASONS: Readonly<Record<string, string>> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in the chain',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'certificate issuer unknown',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'certificate issuer unknown',
  UNABLE_TO_GET_ISSUER_CERT: 'certificate issuer unknown',
  CERT_HAS_EXPIRED: 'certificate has expired',
  CERT_NOT_YET_VALID: 'certificate is not yet valid',
  ERR_TLS_CERT_ALTNAME_INVALID: 'certificate is not for this host name',
  CERT_REVOKED: 'certificate revoked',
};

/** A TLS failure's reason: ours for a known code, else the first clause of Node's message. */
function tlsReason(code: string, message: string): string {
  return TLS_REASONS[code] ?? message.split(/[;:\n]/)[0].trim();
}
const dnsFailure = (h: string) => (h.startsWith('the proxy ') ? `cannot resolve ${h}` : `cannot resolve host ${h.replace(/:\d+$/, '')}`) + ' (DNS lookup failed)';
const DNS_HINT = 'Check the endpoint URL and your DNS';

/**
 * code pattern, message (given the failing error's own message), suggestion, whether another attempt
 * could help (default yes), and whether the service was never reached (no connection: a wait that has
 * never had an answer gives up on these at once rather than burning its whole --timeout).
 */
const NETWORK_CAUSES: Array<[RegExp, (host: string, timeout: string, reason: string) => string, string | undefined, boolean, boolean]> = [
  [/^ECONNREFUSED$/, (h) => `connection refused by ${h}`, 'Check the endpoint (--endpoint) and that the service is up', true, true],
  // A name that does not exist will not exist in 300 ms either; a flaky resolver (EAI_AGAIN) might recover.
  [/^ENOTFOUND$/, dnsFailure, DNS_HINT, false, true],
  [/^(EAI_AGAIN|EAI_NONAME)$/, dnsFailure, DNS_HINT, true, true],
  [/^(UND_ERR_CONNECT_TIMEOUT|ETIMEDOUT)$/, (h, t) => `timed out connecting to ${h} after ${t}`, 'Check the endpoint, your network and any proxy (HTTPS_PROXY)', true, true],
  [/^(UND_ERR_HEADERS_TIMEOUT|UND_ERR_BODY_TIMEOUT|TimeoutError)$/, (h, t) => `no complete response from ${h} within ${t}`, 'Raise --request-timeout if the service is just slow', true, false],
  [/^(ECONNRESET|UND_ERR_SOCKET|EPIPE|UND_ERR_CLOSED)$/, (h) => `connection to ${h} was closed unexpectedly`, undefined, true, false],
  [/^(EHOSTUNREACH|ENETUNREACH)$/, (h) => `host ${h} is unreachable`, undefined, true, true],
  [/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/, (h, _t, reason) => `TLS verification failed for ${h}${reason ? ` (${reason})` : ''}`, 'If you use a private CA, point NODE_EXTRA_CA_CERTS at it', false, true],
  [/^UND_ERR_PROXY|ERR_PROXY/, (h) => `the proxy refused the connection to ${h}`, PROXY_HINT, true, true],
];

/**
 * Turns undici's error zoo into one honest sentence about what went wrong. `peer` names who a failed
 * connection was to when that was not the service (a proxy).
 */
export function describeNetworkError(err: unknown, url: string, timeoutMs: number, timedOut: boolean, peer?: string): NetworkError {
  if (err instanceof NetworkError) return err;
  const host = peer ?? hostOf(url);
  const codes = errorCodes(err);
  const timeout = formatDuration(timeoutMs);
  if (timedOut) return new NetworkError(`no complete response from ${host} within ${timeout}`, { code: 'TIMEOUT', suggestion: 'Raise --request-timeout (one attempt) or --timeout (the whole command) if the service is just slow', cause: err });
  const proxyStatus = proxyTunnelStatus(err);
  if (proxyStatus) {
    return new NetworkError(`the proxy refused the connection to ${host} (HTTP ${proxyStatus})`, {
      code: `PROXY_${proxyStatus}`,
      suggestion: proxyStatus === 407 ? 'The proxy wants credentials: HTTPS_PROXY=http://user:password@proxy:port' : PROXY_HINT,
      cause: err,
      retryable: proxyStatus >= 500,
      unreachable: true,
    });
  }
  for (const [pattern, describe, suggestion, retryable, unreachable] of NETWORK_CAUSES) {
    const code = codes.find((c) => pattern.test(c));
    if (code) return new NetworkError(describe(host, timeout, tlsReason(code, messageOf(err, code))), { code, suggestion: peer ? PROXY_HINT : suggestion, cause: err, retryable, unreachable });
  }
  const detail = err instanceof Error ? err.message : String(err);
  return new NetworkError(`request to ${host} failed: ${detail}`, { cause: err });
}

/** 429 and 5xx: worth retrying; the caller decides how to read any other status. */
export function transportError(res: HttpResponse, now: number): NetworkError | null {
  if (res.status === 429) {
    return new NetworkError(`${hostOf(res.url)} is throttling requests (HTTP 429)`, {
      code: 'HTTP_429',
      throttled: true,
      retryAfterMs: parseRetryAfter(res.headers['retry-after'], now),
      suggestion: 'Lower --concurrency or retry later',
    });
  }
  if (res.status >= 500) return new NetworkError(`${hostOf(res.url)} answered HTTP ${res.status}${describeBody(res)}`, { code: `HTTP_${res.status}`, retryAfterMs: parseRetryAfter(res.headers['retry-after'], now) });
  return null;
}

function describeBody(res: HttpResponse): string {
  return looksLikeHtml(res.body) ? ' with an HTML error page' : '';
}

/** Bytes that are not text: control characters (other than whitespace) or undecodable UTF-8 in the first KB. */
function looksBinary(body: string): boolean {
  const head = body.slice(0, 1024);
  const odd = head.match(/[\u0000-\u0008\u000e-\u001f\ufffd]/g)?.length ?? 0;
  return odd > 0 && odd / head.length > 0.05;
}

export function looksLikeHtml(body: string): boolean {
  return /^\s*<(!doctype|html|head|body|\?xml)/i.test(body);
}

/**
 * Parses a JSON body or explains why it is not one (HTML error page from a proxy, cut-off body).
 * Malformed bodies are retried: they are usually a proxy or a connection dropped mid-body.
 */
export function parseJsonBody(res: HttpResponse): unknown {
  // The host is named only in errors: parsing a URL per answer showed in the CPU profile.
  if (looksLikeHtml(res.body)) {
    throw new NetworkError(`${hostOf(res.url)} answered HTTP ${res.status} with an HTML page instead of JSON`, { code: 'NOT_JSON', suggestion: 'Check the endpoint URL and any proxy in between' });
  }
  // A UTF-8 byte-order mark is not part of the JSON (RFC 8259 lets a parser ignore it): skip it.
  const text = res.body.charCodeAt(0) === 0xfeff ? res.body.slice(1) : res.body;
  if (text.trim() === '') throw new NetworkError(`${hostOf(res.url)} answered HTTP ${res.status} with an empty body`, { code: 'EMPTY_BODY' });
  try {
    return JSON.parse(text);
  } catch {
    if (looksBinary(text)) {
      throw new NetworkError(`${hostOf(res.url)} answered HTTP ${res.status} with a binary body, not JSON (compressed without a Content-Encoding header?)`, { code: 'NOT_JSON', retryable: false, suggestion: 'Check any proxy or gateway between syncstat and the service' });
    }
    throw new NetworkError(`${hostOf(res.url)} answered HTTP ${res.status} with malformed or truncated JSON (${res.body.length} bytes)`, { code: 'BAD_JSON' });
  }
}
