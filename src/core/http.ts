import { Agent, EnvHttpProxyAgent, request, type Dispatcher } from 'undici';
import { InterruptedError, NetworkError } from './errors.js';
import { formatDuration } from './duration.js';
import { parseRetryAfter } from './retry.js';
import { redactBody, redactHeaders, redactUrl } from './secrets.js';
import type { Logger } from './log.js';

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

export interface HttpClient {
  send(req: HttpRequest, signal?: AbortSignal): Promise<HttpResponse>;
  close(): Promise<void>;
}

export interface HttpClientOptions {
  /** Per request: connect, headers and body each, and the whole request. */
  timeoutMs: number;
  env: Record<string, string | undefined>;
  log: Logger;
  /** A body larger than this is a protocol error, not a memory problem. */
  maxBodyBytes?: number;
  userAgent?: string;
}

const MAX_BODY_BYTES = 8 * 1024 * 1024;
const PROXY_VARS = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

/** One keep-alive agent per process; proxies from HTTPS_PROXY/HTTP_PROXY/NO_PROXY. */
export function createHttpClient(opts: HttpClientOptions): HttpClient {
  const connect = { timeout: opts.timeoutMs };
  const useProxy = PROXY_VARS.some((name) => opts.env[name]);
  const dispatcher: Dispatcher = useProxy
    ? new EnvHttpProxyAgent({
        connect,
        httpProxy: opts.env.HTTP_PROXY ?? opts.env.http_proxy,
        httpsProxy: opts.env.HTTPS_PROXY ?? opts.env.https_proxy ?? opts.env.HTTP_PROXY ?? opts.env.http_proxy,
        noProxy: opts.env.NO_PROXY ?? opts.env.no_proxy,
      })
    : new Agent({ connect, keepAliveTimeout: 10_000 });
  const maxBody = opts.maxBodyBytes ?? MAX_BODY_BYTES;

  async function send(req: HttpRequest, signal?: AbortSignal): Promise<HttpResponse> {
    const started = performance.now();
    const headers = { 'user-agent': opts.userAgent ?? 'syncstat', ...req.headers };
    if (opts.log.debugEnabled) {
      const shown = Object.entries(redactHeaders(headers)).map(([k, v]) => `${k}: ${v}`).join(', ');
      opts.log.debug(`→ ${req.method} ${redactUrl(req.url)} {${shown}}${req.body ? ` body ${redactBody(req.body)}` : ''}`);
    }
    const timeout = AbortSignal.timeout(opts.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      const res = await request(req.url, {
        method: req.method,
        headers,
        body: req.body,
        dispatcher,
        headersTimeout: opts.timeoutMs,
        bodyTimeout: opts.timeoutMs,
        signal: combined,
      });
      const body = await readCapped(res.body, maxBody, req.url);
      const flat = flattenHeaders(res.headers);
      opts.log.debug(`← ${res.statusCode} ${redactUrl(req.url)} in ${Math.round(performance.now() - started)}ms, ${body.length} bytes`);
      return { status: res.statusCode, headers: flat, body, url: req.url };
    } catch (err) {
      if (signal?.aborted) throw new InterruptedError();
      const described = describeNetworkError(err, req.url, opts.timeoutMs, timeout.aborted);
      opts.log.debug(`✗ ${req.method} ${redactUrl(req.url)} after ${Math.round(performance.now() - started)}ms: ${described.message}`);
      throw described;
    }
  }

  return { send, close: () => dispatcher.close() };
}

async function readCapped(body: AsyncIterable<Buffer>, max: number, url: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > max) throw new NetworkError(`response from ${hostOf(url)} is larger than ${max} bytes; refusing to read it`, { retryable: false });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** Codes found anywhere in an error's cause chain (undici wraps, and connects to several addresses). */
function errorCodes(err: unknown, seen = new Set<unknown>()): string[] {
  if (!err || typeof err !== 'object' || seen.has(err)) return [];
  seen.add(err);
  const e = err as { code?: unknown; name?: unknown; cause?: unknown; errors?: unknown[] };
  const own = [e.code, e.name].filter((x): x is string => typeof x === 'string');
  return [...own, ...errorCodes(e.cause, seen), ...(e.errors ?? []).flatMap((x) => errorCodes(x, seen))];
}

const NETWORK_CAUSES: Array<[RegExp, (host: string, timeout: string) => string, string?]> = [
  [/^ECONNREFUSED$/, (h) => `connection refused by ${h}`, 'Check the endpoint (--endpoint) and that the service is up'],
  [/^(ENOTFOUND|EAI_AGAIN|EAI_NONAME)$/, (h) => `cannot resolve host ${h.replace(/:\d+$/, '')} (DNS lookup failed)`, 'Check the endpoint URL and your DNS'],
  [/^(UND_ERR_CONNECT_TIMEOUT|ETIMEDOUT)$/, (h, t) => `timed out connecting to ${h} after ${t}`, 'Check the endpoint, your network and any proxy (HTTPS_PROXY)'],
  [/^(UND_ERR_HEADERS_TIMEOUT|UND_ERR_BODY_TIMEOUT|TimeoutError)$/, (h, t) => `no complete response from ${h} within ${t}`, 'Raise --timeout if the service is just slow'],
  [/^(ECONNRESET|UND_ERR_SOCKET|EPIPE|UND_ERR_CLOSED)$/, (h) => `connection to ${h} was closed unexpectedly`],
  [/^(EHOSTUNREACH|ENETUNREACH)$/, (h) => `host ${h} is unreachable`],
  [/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/, (h) => `TLS verification failed for ${h}`, 'If you use a private CA, point NODE_EXTRA_CA_CERTS at it'],
  [/^UND_ERR_PROXY|ERR_PROXY/, (h) => `the proxy refused the connection to ${h}`, 'Check HTTPS_PROXY / NO_PROXY'],
];

/** Turns undici's error zoo into one honest sentence about what went wrong. */
export function describeNetworkError(err: unknown, url: string, timeoutMs: number, timedOut: boolean): NetworkError {
  if (err instanceof NetworkError) return err;
  const host = hostOf(url);
  const codes = errorCodes(err);
  const timeout = formatDuration(timeoutMs);
  if (timedOut) return new NetworkError(`no complete response from ${host} within ${timeout}`, { code: 'TIMEOUT', suggestion: 'Raise --timeout if the service is just slow', cause: err });
  for (const [pattern, describe, suggestion] of NETWORK_CAUSES) {
    const code = codes.find((c) => pattern.test(c));
    if (code) return new NetworkError(describe(host, timeout), { code, suggestion, cause: err });
  }
  const detail = err instanceof Error ? err.message : String(err);
  return new NetworkError(`request to ${host} failed: ${detail}`, { cause: err });
}

/** 429 and 5xx: worth retrying; the caller decides how to read any other status. */
export function transportError(res: HttpResponse, now: number): NetworkError | null {
  if (res.status === 429) {
    return new NetworkError(`${hostOf(res.url)} is throttling requests (HTTP 429)`, {
      code: 'HTTP_429',
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

export function looksLikeHtml(body: string): boolean {
  return /^\s*<(!doctype|html|head|body|\?xml)/i.test(body);
}

/**
 * Parses a JSON body or explains why it is not one (HTML error page from a proxy, cut-off body).
 * Malformed bodies are retried: they are usually a proxy or a connection dropped mid-body.
 */
export function parseJsonBody(res: HttpResponse): unknown {
  const host = hostOf(res.url);
  if (looksLikeHtml(res.body)) {
    throw new NetworkError(`${host} answered HTTP ${res.status} with an HTML page instead of JSON`, { code: 'NOT_JSON', suggestion: 'Check the endpoint URL and any proxy in between' });
  }
  if (res.body.trim() === '') throw new NetworkError(`${host} answered HTTP ${res.status} with an empty body`, { code: 'EMPTY_BODY' });
  try {
    return JSON.parse(res.body);
  } catch {
    throw new NetworkError(`${host} answered HTTP ${res.status} with malformed or truncated JSON (${res.body.length} bytes)`, { code: 'BAD_JSON' });
  }
}
