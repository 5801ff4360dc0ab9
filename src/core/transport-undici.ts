import { EnvHttpProxyAgent } from 'undici';
import { bodyText } from './content-encoding.js';
import { bodyTooLarge } from './http.js';
import { noProxyOf, proxyFor } from './proxy-env.js';
import { flattenHeaders, type Transport } from './transport-node.js';

type Env = Record<string, string | undefined>;

function proxySettings(env: Env): { httpProxy?: string; httpsProxy?: string; noProxy?: string } {
  return { httpProxy: proxyFor(env, 'http')?.url, httpsProxy: proxyFor(env, 'https')?.url, noProxy: noProxyOf(env) };
}

/** For --debug: the proxies in use, any password in them masked. */
export function describeProxies(env: Env): string {
  const { httpProxy, httpsProxy, noProxy } = proxySettings(env);
  const mask = (url: string | undefined) => (url ? url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@') : 'none');
  return `proxy for http: ${mask(httpProxy)}, for https: ${mask(httpsProxy)}, NO_PROXY: ${noProxy ?? 'none'}`;
}

/**
 * "the proxy host:port (HTTPS_PROXY)" when a connection error (refused, unknown host, timeout) was on
 * the way to the proxy for this URL rather than to the service: Node's error names the peer it tried.
 */
export function proxyPeer(err: unknown, url: string, env: Env): string | undefined {
  const proxy = proxyFor(env, url.startsWith('https:') ? 'https' : 'http');
  if (!proxy) return undefined;
  let p: URL;
  try {
    p = new URL(proxy.url);
  } catch {
    return undefined;
  }
  const host = p.hostname.replace(/^\[|\]$/g, '');
  const port = Number(p.port || (p.protocol === 'https:' ? 443 : 80));
  for (let e = err as { address?: unknown; hostname?: unknown; port?: unknown; cause?: unknown } | undefined; e && typeof e === 'object'; e = e.cause as typeof e) {
    const toProxy = (e.address === host && e.port === port) || (e.hostname === host && (e.port === undefined || e.port === port));
    if (toProxy) return `the proxy ${p.host} (${proxy.name})`;
  }
  return undefined;
}

/** Through HTTPS_PROXY / HTTP_PROXY, minus NO_PROXY hosts: undici's EnvHttpProxyAgent. */
export function createProxyTransport(env: Env, timeoutMs: number, maxBody: number): Transport {
  const agent = new EnvHttpProxyAgent({ connect: { timeout: timeoutMs }, ...proxySettings(env) });
  return {
    async send(req, attempt, attemptMs) {
      const controller = new AbortController();
      attempt.cancel = () => controller.abort();
      if (attempt.cancelled) controller.abort();
      const res = await agent.request({
        origin: new URL(req.url).origin,
        path: req.url.slice(new URL(req.url).origin.length) || '/',
        method: req.method,
        headers: req.headers,
        body: req.body,
        headersTimeout: attemptMs,
        bodyTimeout: attemptMs,
        signal: controller.signal,
      });
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > maxBody) throw bodyTooLarge(req.url, maxBody);
        chunks.push(chunk);
      }
      const headers = flattenHeaders(res.headers);
      return { status: res.statusCode, headers, body: await bodyText(Buffer.concat(chunks), headers, req.url, maxBody) };
    },
    close: () => agent.close(),
    failedPeer: (err, url) => proxyPeer(err, url, env),
  };
}
