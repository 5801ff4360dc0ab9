import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { bodyText } from './content-encoding.js';
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
   * `attempt`: the transport sets `cancel` to end this request at once (a timeout, Ctrl-C). `timeoutMs`:
   * this attempt's socket idle limit (the client's, or less near the command's deadline).
   */
  send(req: HttpRequest, attempt: Attempt, timeoutMs: number): Promise<RawResponse>;
  close(): Promise<void>;
  /** Who a failed connection was to, when not the service itself (a proxy). */
  failedPeer?(err: unknown, url: string): string | undefined;
}

export function flattenHeaders(headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/** How to reach one URL scheme: a request function and its keep-alive agent. */
interface Scheme {
  request: typeof httpRequest;
  agent: HttpAgent;
}

/**
 * node:http(s) with keep-alive agents: connection reuse across the ids of one run. TLS verification
 * stays on. node:https (and TLS with it) loads on the first https URL: the simulator and most loops
 * over a local endpoint never pay for it.
 */
export function createNodeTransport(maxBody: number): Transport {
  const http: Scheme = { request: httpRequest, agent: new HttpAgent({ keepAlive: true }) };
  let https: Promise<Scheme> | undefined;
  const schemeOf = (url: URL): Scheme | Promise<Scheme> =>
    url.protocol !== 'https:'
      ? http
      : (https ??= import('./transport-https.js').then((m) => m.httpsScheme()));
  return {
    send: async (req, attempt, timeoutMs) => {
      const url = new URL(req.url);
      const scheme = await schemeOf(url);
      return new Promise<RawResponse>((resolve, reject) => {
        const options = { method: req.method, headers: req.headers, agent: scheme.agent, timeout: timeoutMs };
        const outgoing = scheme.request(url, options, (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > maxBody) outgoing.destroy(bodyTooLarge(req.url, maxBody));
            else chunks.push(chunk);
          });
          res.on('end', () => {
            const headers = flattenHeaders(res.headers);
            bodyText(Buffer.concat(chunks), headers, req.url, maxBody).then((body) => resolve({ status: res.statusCode ?? 0, headers, body }), reject);
          });
          res.on('error', reject);
        });
        // Socket idle for the whole timeout (connect or read): say so with a code describeNetworkError knows.
        outgoing.on('timeout', () => outgoing.destroy(Object.assign(new Error('socket timeout'), { code: 'ETIMEDOUT' })));
        outgoing.on('error', reject);
        attempt.cancel = () => outgoing.destroy(cancelledError());
        if (attempt.cancelled) attempt.cancel();
        outgoing.end(req.body);
      });
    },
    close: async () => {
      http.agent.destroy();
      if (https) (await https).agent.destroy();
    },
  };
}
