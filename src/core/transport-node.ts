import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { urlToHttpOptions } from 'node:url';
import { bodyText, plainText } from './content-encoding.js';
import { bodyTooLarge, type HttpRequest } from './http.js';

/**
 * One request's cancel handle. Cheaper than an AbortSignal per request (no listeners to add and
 * remove on every request), and nothing long-lived holds on to it.
 */
export interface Attempt {
  cancelled: boolean;
  cancel?: () => void;
}

/** The error a cancelled request fails with (the caller knows why: a timeout or an interruption). */
export function cancelledError(): Error {
  return Object.assign(new Error('request cancelled'), { code: 'ABORT_ERR', name: 'AbortError' });
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | undefined>;
  body: string;
}

/** Sends one request and reads the whole (capped) body. */
export interface Transport {
  /**
   * `attempt`: the transport sets `cancel` to end this request at once (a timeout, Ctrl-C); http.ts
   * cancels it when `timeoutMs` (the client's, or less near the command's deadline) runs out. A
   * transport may also use `timeoutMs` for timers of its own (undici's headers and body timeouts).
   */
  send(req: HttpRequest, attempt: Attempt, timeoutMs: number): Promise<RawResponse>;
  close(): Promise<void>;
  /** Who a failed connection was to, when not the service itself (a proxy). */
  failedPeer?(err: unknown, url: string): string | undefined;
}

export function flattenHeaders(headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const k in headers) {
    const v = headers[k];
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

/** How to reach one URL scheme: a request function and its keep-alive agent. */
interface Scheme {
  request: typeof httpRequest;
  agent: HttpAgent;
}

/** "scheme://host[:port]" with no user info; what follows it in a URL is the request's path. */
const ORIGIN = /^https?:\/\/[A-Za-z0-9.:[\]-]+/i;
/**
 * A path and query already as URL parsing would leave them: only characters it does not encode
 * (nor the ' it encodes in a query), no dot segment ("/." or "/%2e") for it to resolve, no empty
 * query ("?" at the end) for it to drop.
 */
const PLAIN_PATH = /^\/[A-Za-z0-9\-._~!$&()*+,;=:@/?%]*$/;
const NOT_PLAIN = /\/(?:\.|%2e)|\?$/i;

/** Where a request goes, as node:http takes it. */
export interface Target {
  protocol: string;
  hostname: string;
  port: number | undefined;
  path: string;
  auth: string | undefined;
}

function targetOf(url: URL, path?: string): Target {
  const o = urlToHttpOptions(url);
  return { protocol: o.protocol!, hostname: o.hostname!, port: o.port === undefined ? undefined : Number(o.port), path: path ?? o.path!, auth: o.auth ?? undefined };
}

/**
 * node:http's target for a URL. A query of thousands of ids sends thousands of URLs that differ only
 * in their path: the origin is parsed once (by URL), and a plain path is used as it is. Any other
 * URL is parsed in full, so what is sent is always what URL parsing gives.
 */
export function requestTarget(url: string, origins: Map<string, Target>): Target {
  const origin = ORIGIN.exec(url)?.[0];
  const path = origin === undefined ? '' : url.slice(origin.length);
  if (origin === undefined || !PLAIN_PATH.test(path) || NOT_PLAIN.test(path)) return targetOf(new URL(url));
  let base = origins.get(origin);
  if (!base) origins.set(origin, (base = targetOf(new URL(origin))));
  return { protocol: base.protocol, hostname: base.hostname, port: base.port, path, auth: base.auth };
}

/**
 * node:http(s) with keep-alive agents: connection reuse across the ids of one run. TLS verification
 * stays on. node:https (and TLS with it) loads on the first https URL: the simulator and most loops
 * over a local endpoint never pay for it.
 */
export function createNodeTransport(maxBody: number): Transport {
  const http: Scheme = { request: httpRequest, agent: new HttpAgent({ keepAlive: true }) };
  let https: Promise<Scheme> | undefined;
  const origins = new Map<string, Target>();
  const schemeOf = (target: Target): Scheme | Promise<Scheme> =>
    target.protocol !== 'https:'
      ? http
      : (https ??= import('./transport-https.js').then((m) => m.httpsScheme()));
  const sendWith = (scheme: Scheme, target: Target, req: HttpRequest, attempt: Attempt) =>
    new Promise<RawResponse>((resolve, reject) => {
      const { protocol, hostname, port, path, auth } = target;
      // No socket idle timeout: http.ts's timer for the whole attempt, started first with the same
      // limit, always ends it first (and a socket timer per request costs CPU in a query of thousands).
      const options = { protocol, hostname, port, path, auth, method: req.method, headers: req.headers, agent: scheme.agent };
      const outgoing = scheme.request(options, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBody) outgoing.destroy(bodyTooLarge(req.url, maxBody));
          else chunks.push(chunk);
        });
        res.on('end', () => {
          // node:http lower-cases the names and joins repeated headers itself, but for set-cookie (a list).
          const headers = res.headers['set-cookie'] === undefined ? (res.headers as Record<string, string | undefined>) : flattenHeaders(res.headers);
          const bytes = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
          const status = res.statusCode ?? 0;
          // Most answers need no decoding: no promise for them.
          const plain = plainText(bytes, headers);
          if (plain !== undefined) resolve({ status, headers, body: plain });
          else bodyText(bytes, headers, req.url, maxBody).then((body) => resolve({ status, headers, body }), reject);
        });
        res.on('error', reject);
      });
      outgoing.on('error', reject);
      attempt.cancel = () => outgoing.destroy(cancelledError());
      if (attempt.cancelled) attempt.cancel();
      outgoing.end(req.body);
    });
  return {
    send: (req, attempt) => {
      let target: Target;
      try {
        target = requestTarget(req.url, origins);
      } catch (err) {
        return Promise.reject(err);
      }
      const scheme = schemeOf(target);
      return scheme instanceof Promise ? scheme.then((s) => sendWith(s, target, req, attempt)) : sendWith(scheme, target, req, attempt);
    },
    close: async () => {
      http.agent.destroy();
      if (https) (await https).agent.destroy();
    },
  };
}
