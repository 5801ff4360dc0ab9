import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NetworkError } from '../core/errors.js';

export interface Endpoints {
  metrics(): Promise<{ body: string; contentType: string }>;
  /** True once the first full poll is done. */
  ready(): boolean;
}

const INDEX = '<html><head><title>syncstat exporter</title></head><body><h1>syncstat exporter</h1><p><a href="/metrics">/metrics</a> · <a href="/healthz">/healthz</a> · <a href="/ready">/ready</a></p></body></html>\n';

/** Why a listen failed, in our words (Node's wording changes between versions). */
const LISTEN_ERRORS: Readonly<Record<string, string>> = {
  EADDRINUSE: 'the port is in use',
  EADDRNOTAVAIL: 'the address is not one of this machine',
  EACCES: 'permission denied (ports below 1024 need privileges)',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name does not resolve',
};

/** The exporter's HTTP server: /metrics, /healthz (200 while running), /ready (200 after the first poll). */
export async function startServer(host: string, port: number, endpoints: Endpoints): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    handle(req, res, endpoints).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('internal error\n');
    });
  });
  // A scraper that opens a connection and sends nothing must not hold it for ever.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    const shown = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
    throw new NetworkError(`cannot listen on ${shown}: ${LISTEN_ERRORS[code] ?? code ?? 'unknown error'}`, { code: `LISTEN_${code || 'FAILED'}`, suggestion: 'Pick another address or port with --listen' });
  }
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, endpoints: Endpoints): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  const send = (status: number, body: string, type = 'text/plain; charset=utf-8', extra: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), ...extra });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed\n', undefined, { allow: 'GET, HEAD' });
  switch (path) {
    case '/metrics': {
      const { body, contentType } = await endpoints.metrics();
      return send(200, body, contentType);
    }
    case '/healthz':
      return send(200, 'ok\n');
    case '/ready':
      return endpoints.ready() ? send(200, 'ready\n') : send(503, 'not ready: the first poll has not finished\n');
    case '/':
      return send(200, INDEX, 'text/html; charset=utf-8');
    default:
      return send(404, 'not found: see /metrics, /healthz, /ready\n');
  }
}
