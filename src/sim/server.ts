import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { FaultPlan } from './faults.js';
import { loadSims } from './registry.js';
import type { Scenario, SimContext, SimReply, SimRequest, SimService } from './types.js';

export interface SimOptions {
  host?: string;
  /** The first service's port; each next service listens on the next one. 0: a free port for each. */
  port?: number;
  scenario: Scenario;
  /** The services to serve (default: every provider's, from the registry). */
  services?: SimService[];
  now?: () => number;
  /** Records kept in `requests` (default MAX_REQUEST_LOG): past it the oldest half is dropped. */
  maxRequestLog?: number;
  /** Serve every service over https with this certificate and key (PEM), as the real services are. */
  tls?: { cert: string | Buffer; key: string | Buffer };
}

/** What the simulator remembers of its requests: enough for any test, bounded for a long run. */
export const MAX_REQUEST_LOG = 20_000;

/** What the simulator saw: tests count these to check retries and paging. */
export interface SimRequestRecord {
  service: string | null;
  method: string;
  path: string;
  query: string;
  body: string;
  status: number;
  headers: Record<string, string | string[] | undefined>;
}

export interface RunningSim {
  /** The first service's URL. */
  url: string;
  /** Each service's URL, by name: a service listens on a port of its own, so it is found by where a request is sent. */
  urls: Record<string, string>;
  /** The first service's port. */
  port: number;
  requests: SimRequestRecord[];
  /** The most requests each service had in flight at once (received, not yet answered): tests check concurrency caps. */
  peakInFlight: Record<string, number>;
  close(): Promise<void>;
}

/**
 * Starts the simulator on loopback: each service on a port of its own (two services whose APIs share
 * a path shape, such as `POST /` with an Action parameter, can both be served). Port 0 picks free ones.
 */
export async function startSimulator(opts: SimOptions): Promise<RunningSim> {
  const services: SimService[] = opts.services ?? (await loadSims()).providers.map((p) => p.sim.service);
  const now = opts.now ?? Date.now;
  const started = now();
  const faults = new FaultPlan(opts.scenario.faults ?? []);
  const requests: SimRequestRecord[] = [];
  const inFlight: Record<string, number> = {};
  const peakInFlight: Record<string, number> = {};
  const maxLog = opts.maxRequestLog ?? MAX_REQUEST_LOG;
  const ctx: SimContext = {
    scenario: opts.scenario,
    elapsedMs: () => now() - started,
    now,
    requestId: () => randomBytes(12).toString('base64url'),
  };

  // A service whose clock is skewed (a clock fault) reads it everywhere: auth checks, its time API, Date.
  const ctxFor = (service: SimService): SimContext => {
    const skew = faults.clockSkewMs(service.name);
    return skew === 0 ? ctx : { ...ctx, now: () => now() + skew };
  };

  const listen = (handler: RequestListener): Server => (opts.tls ? createHttpsServer(opts.tls, handler) : createServer(handler));
  const serverFor = (own: SimService) =>
    listen((req, res) => {
      // In flight from the moment the request arrives until its answer is sent (or the socket closes).
      inFlight[own.name] = (inFlight[own.name] ?? 0) + 1;
      peakInFlight[own.name] = Math.max(peakInFlight[own.name] ?? 0, inFlight[own.name]);
      res.once('close', () => inFlight[own.name]--);
      handle(own, req, res).catch((err) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: `simulator error: ${(err as Error).message}` }));
      });
    });

  async function handle(own: SimService, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://sim');
    const simReq: SimRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body, host: req.headers.host ?? '' };
    // The port says which service; a path it does not serve is a 404, as from a real gateway.
    const service = own.matches(simReq) ? own : null;
    const ownCtx = ctxFor(own);
    const record: SimRequestRecord = { service: service?.name ?? null, method: simReq.method, path: simReq.path, query: url.search, body, status: 0, headers: req.headers };
    requests.push(record);
    // A long-running simulator (a fleet polled for hours) keeps the newest records only.
    if (requests.length > maxLog) requests.splice(0, requests.length - Math.floor(maxLog / 2));
    if (!service) return send(res, record, { status: 404, body: { message: `no simulated API at ${simReq.method} ${simReq.path}` } }, ownCtx.now());

    let reply: SimReply | null = null;
    let transform: ((reply: SimReply) => SimReply) | undefined;
    for (const action of faults.actionsFor(simReq, service, ownCtx)) {
      if (action.kind === 'delay') await new Promise((r) => setTimeout(r, action.ms));
      else if (action.kind === 'reset') return void req.socket.destroy();
      else if (action.kind === 'truncate') return truncate(res, record, await service.handle(simReq, ownCtx), ownCtx.now());
      else if (action.kind === 'transform') transform = action.transform;
      else reply = action.reply;
    }
    const real = reply ?? (await service.handle(simReq, ownCtx));
    send(res, record, transform ? transform(real) : real, ownCtx.now());
  }

  const host = opts.host ?? '127.0.0.1';
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const servers: Server[] = [];
  const urls: Record<string, string> = {};
  const close = () =>
    Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      ),
    ).then(() => {});
  try {
    for (const [i, service] of services.entries()) {
      const server = serverFor(service);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(opts.port ? opts.port + i : 0, host, () => resolve());
      });
      servers.push(server);
      urls[service.name] = `${opts.tls ? 'https' : 'http'}://${shownHost}:${(server.address() as AddressInfo).port}`;
    }
  } catch (err) {
    await close();
    throw err;
  }
  const port = (servers[0].address() as AddressInfo).port;
  return { url: urls[services[0].name], urls, port, requests, peakInFlight, close };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function serialize(reply: SimReply): { headers: Record<string, string>; text: string | Buffer } {
  if (Buffer.isBuffer(reply.body)) return { headers: { 'content-type': 'application/octet-stream', ...reply.headers }, text: reply.body };
  const isText = typeof reply.body === 'string';
  const text = isText ? (reply.body as string) : JSON.stringify(reply.body);
  return { headers: { 'content-type': isText ? 'text/plain' : 'application/json', ...reply.headers }, text };
}

/** The Date header by the service's clock (the simulator's, or a skewed one), as a real server sends it. */
const dateHeader = (at: number) => ({ date: new Date(at).toUTCString() });

function send(res: ServerResponse, record: SimRequestRecord, reply: SimReply, at: number): void {
  const { headers, text } = serialize(reply);
  record.status = reply.status;
  res.writeHead(reply.status, { ...dateHeader(at), ...headers, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Sends the first half of a real answer and closes: a body cut off mid-JSON. */
function truncate(res: ServerResponse, record: SimRequestRecord, reply: SimReply, at: number): void {
  const { headers, text } = serialize(reply);
  record.status = reply.status;
  res.writeHead(reply.status, { ...dateHeader(at), ...headers });
  res.end(text.slice(0, Math.floor(text.length / 2)));
}
