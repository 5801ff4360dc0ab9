import { EnvHttpProxyAgent } from 'undici';
import { bodyTooLarge } from './http.js';
import { flattenHeaders, type Transport } from './transport-node.js';

/** Through HTTPS_PROXY / HTTP_PROXY, minus NO_PROXY hosts: undici's EnvHttpProxyAgent. */
export function createProxyTransport(env: Record<string, string | undefined>, timeoutMs: number, maxBody: number): Transport {
  const agent = new EnvHttpProxyAgent({
    connect: { timeout: timeoutMs },
    httpProxy: env.HTTP_PROXY ?? env.http_proxy,
    httpsProxy: env.HTTPS_PROXY ?? env.https_proxy ?? env.HTTP_PROXY ?? env.http_proxy,
    noProxy: env.NO_PROXY ?? env.no_proxy,
  });
  return {
    async send(req, signal) {
      const res = await agent.request({
        origin: new URL(req.url).origin,
        path: req.url.slice(new URL(req.url).origin.length) || '/',
        method: req.method,
        headers: req.headers,
        body: req.body,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        signal,
      });
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > maxBody) throw bodyTooLarge(req.url, maxBody);
        chunks.push(chunk);
      }
      return { status: res.statusCode, headers: flattenHeaders(res.headers), body: Buffer.concat(chunks).toString('utf8') };
    },
    close: () => agent.close(),
  };
}
