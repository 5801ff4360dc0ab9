import { lookup } from 'node:dns/promises';
import { readFileSync } from 'node:fs';
import { isIP, connect as tcpConnect, type Socket } from 'node:net';
import { connect as tlsConnect, rootCertificates, type PeerCertificate, type TLSSocket } from 'node:tls';
import type { DoctorEndpoint } from '../core/provider.js';
import { describeNetworkError } from '../core/http.js';
import { formatDuration } from '../core/duration.js';
import { EXIT } from '../core/exit-codes.js';
import type { SyncstatError } from '../core/errors.js';
import { fail, ok, warn, type Check } from './types.js';
import { routeOf, shownProxy } from './proxy.js';

export interface ProbeDeps {
  env: Record<string, string | undefined>;
  now(): number;
  timeoutMs: number;
}

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };
/** A certificate this close to its end gets a warning: renewals are often missed by days. */
const EXPIRY_WARNING_MS = 14 * 24 * 3600 * 1000;

/** A step's error, in the words every command uses (describeNetworkError), with its fix. */
function networkFailure(service: string, check: string, err: unknown, url: string, deps: ProbeDeps, ms: number, timedOut = false): Check {
  const e: SyncstatError = describeNetworkError(err, url, deps.timeoutMs, timedOut);
  return fail(service, check, e.message, e.suggestion ?? null, EXIT.network, ms);
}

/** Runs `step` within the request timeout: a step that hangs fails with ETIMEDOUT, its socket destroyed. */
function bounded<T>(deps: ProbeDeps, step: (onTimeout: (cancel: () => void) => void) => Promise<T>): Promise<T> {
  let cancel: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      cancel?.();
      reject(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' }));
    }, deps.timeoutMs);
  });
  return Promise.race([step((c) => (cancel = c)), timeout]).finally(() => clearTimeout(timer));
}

/**
 * DNS, TCP, then (https) TLS to one endpoint, as its requests would go: through the proxy that
 * HTTPS_PROXY / HTTP_PROXY name unless NO_PROXY covers the host. Stops at the first failure.
 */
export async function probeEndpoint(service: string, ep: DoctorEndpoint, deps: ProbeDeps): Promise<Check[]> {
  const url = new URL(ep.url);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port) || DEFAULT_PORTS[url.protocol];
  const checks: Check[] = [];
  const route = routeOf(deps.env, url);
  if (route.proxy) checks.push(ok(service, 'proxy', `${ep.what} ${url.host} is reached through the proxy ${shownProxy(route.proxy.url)} (${route.proxy.name}); NO_PROXY does not cover it`));
  else if (route.bypassedBy) checks.push(ok(service, 'proxy', `${ep.what} ${url.host} is reached directly: NO_PROXY entry "${route.bypassedBy}" covers it`));

  // Through a proxy, this machine resolves and connects to the proxy; the proxy to the service.
  const peerHost = route.proxy ? route.proxy.url.hostname.replace(/^\[|\]$/g, '') : host;
  const peerPort = route.proxy ? Number(route.proxy.url.port) || DEFAULT_PORTS[route.proxy.url.protocol] || 80 : port;
  const peerName = route.proxy ? `the proxy ${route.proxy.url.host}` : `${ep.what} ${host}`;

  let started = deps.now();
  let addresses = [peerHost];
  if (isIP(peerHost)) {
    checks.push(ok(service, 'dns', `${peerName}: ${peerHost} is an address (no lookup)`, 0));
  } else {
    try {
      // RFC 6761: "invalid" names never resolve, and resolvers should say so at once, without asking.
      if (/(^|\.)invalid\.?$/i.test(peerHost)) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${peerHost}`), { code: 'ENOTFOUND' });
      const found = await bounded(deps, () => lookup(peerHost, { all: true }));
      addresses = found.map((a) => a.address);
      checks.push(ok(service, 'dns', `${peerName} resolves to ${found.map((a) => a.address).slice(0, 4).join(', ')}${found.length > 4 ? ', …' : ''}`, deps.now() - started));
    } catch (err) {
      const failed = networkFailure(service, 'dns', err, route.proxy ? route.proxy.url.href : ep.url, deps, deps.now() - started);
      return [...checks, route.proxy ? { ...failed, detail: `${failed.detail} (the proxy ${route.proxy.name} names)`, fix: 'Check HTTPS_PROXY / HTTP_PROXY / NO_PROXY' } : failed];
    }
  }

  started = deps.now();
  let socket: Socket | undefined;
  try {
    // Each address in turn, as Node's own connection attempts go (an unreachable IPv6 one is not the end).
    let lastError: unknown;
    for (const address of addresses.slice(0, 4)) {
      try {
        socket = await bounded(deps, (onTimeout) => openSocket(address, peerPort, onTimeout));
        checks.push(ok(service, 'tcp', `connected to ${peerName} at ${isIP(address) === 6 ? `[${address}]` : address}:${peerPort}${route.proxy ? '' : ' directly'}`, deps.now() - started));
        break;
      } catch (err) {
        lastError = err;
      }
    }
    if (!socket) throw lastError;
  } catch (err) {
    const failed = networkFailure(service, 'tcp', err, route.proxy ? route.proxy.url.href : ep.url, deps, deps.now() - started);
    return [...checks, route.proxy ? { ...failed, detail: `${failed.detail} (the proxy ${route.proxy.name} names)`, fix: 'Check HTTPS_PROXY / HTTP_PROXY / NO_PROXY' } : failed];
  }

  try {
    if (route.proxy?.url.protocol === 'https:') {
      checks.push(warn(service, 'tunnel', `the proxy ${route.proxy.url.host} is reached over https: its tunnel and ${ep.what}'s certificate are not probed here (the clock and credentials calls still go through it)`, null));
      return checks;
    }
    if (route.proxy) {
      started = deps.now();
      const status = await bounded(deps, (onTimeout) => openTunnel(socket!, `${host}:${port}`, route.proxy!.url, onTimeout));
      if (status !== 200) {
        return [...checks, fail(service, 'tunnel', `the proxy ${route.proxy.url.host} refused a tunnel to ${url.host} (HTTP ${status})`, status === 407 ? 'The proxy wants credentials: HTTPS_PROXY=http://user:password@proxy:port' : 'Check HTTPS_PROXY / HTTP_PROXY / NO_PROXY', EXIT.network, deps.now() - started)];
      }
      checks.push(ok(service, 'tunnel', `the proxy opened a tunnel to ${url.host}`, deps.now() - started));
    }
    if (url.protocol !== 'https:') {
      // Loopback is a simulator or a local gateway: nothing crosses a network.
      const loopback = /^(localhost|127(\.\d+){3}|::1)$/i.test(host);
      checks.push(loopback ? ok(service, 'tls', `none: plain http to a loopback address`) : warn(service, 'tls', `${ep.what} is plain http: requests and signatures cross the network unencrypted`, 'Use an https:// endpoint'));
      return checks;
    }
    started = deps.now();
    const ca = customCa(deps.env);
    if (ca.problem) checks.push(warn(service, 'tls-ca', ca.problem, 'Point NODE_EXTRA_CA_CERTS at a readable PEM file, or unset it'));
    try {
      const tls = await bounded(deps, (onTimeout) => handshake(socket!, host, ca.certs, onTimeout));
      checks.push(describeTls(service, ep, tls, ca, deps, deps.now() - started));
      tls.destroy();
    } catch (err) {
      const failed = networkFailure(service, 'tls', err, ep.url, deps, deps.now() - started);
      return [...checks, ca.file ? { ...failed, fix: `The certificate is not signed by a CA Node trusts nor by ${ca.file} (NODE_EXTRA_CA_CERTS): add the issuing CA to that file` } : failed];
    }
    return checks;
  } finally {
    socket?.destroy();
  }
}

function openSocket(host: string, port: number, onTimeout: (cancel: () => void) => void): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect({ host, port });
    onTimeout(() => socket.destroy());
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** HTTP CONNECT on an open socket to the proxy; resolves with the proxy's status code. */
function openTunnel(socket: Socket, target: string, proxy: URL, onTimeout: (cancel: () => void) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    onTimeout(() => socket.destroy());
    const auth = proxy.username ? `Proxy-Authorization: Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}\r\n` : '';
    let head = '';
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end < 0 && head.length < 16_384) return;
      socket.off('data', onData);
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1];
      if (status) resolve(Number(status));
      else reject(Object.assign(new Error('the proxy did not answer CONNECT with HTTP'), { code: 'ERR_PROXY' }));
    };
    socket.on('data', onData);
    socket.once('error', reject);
    socket.once('end', () => reject(Object.assign(new Error('the proxy closed the connection'), { code: 'ECONNRESET' })));
    socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n${auth}\r\n`);
  });
}

function handshake(socket: Socket, host: string, ca: string[] | undefined, onTimeout: (cancel: () => void) => void): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const tls = tlsConnect({ socket, servername: isIP(host) ? undefined : host, host, ca, ALPNProtocols: ['http/1.1'] });
    onTimeout(() => tls.destroy());
    tls.once('secureConnect', () => resolve(tls));
    tls.once('error', reject);
  });
}

/**
 * NODE_EXTRA_CA_CERTS, read as Node reads it at start-up: the bundled roots plus the file's
 * certificates. Given explicitly so the probe trusts what the requests trust, and says so.
 */
function customCa(env: Record<string, string | undefined>): { file?: string; certs?: string[]; count?: number; problem?: string } {
  const file = env.NODE_EXTRA_CA_CERTS;
  if (!file) return {};
  try {
    const pem = readFileSync(file, 'utf8');
    const certs = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
    if (!certs.length) return { problem: `NODE_EXTRA_CA_CERTS=${file} holds no PEM certificate: Node ignores it` };
    return { file, certs: [...rootCertificates, ...certs], count: certs.length };
  } catch (err) {
    return { problem: `NODE_EXTRA_CA_CERTS=${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}): Node ignores it` };
  }
}

const nameOf = (subject: PeerCertificate['subject'] | undefined): string => {
  const name = subject ? (subject.CN ?? subject.O) : undefined;
  return Array.isArray(name) ? name.join(', ') : (name ?? '?');
};

function describeTls(service: string, ep: DoctorEndpoint, tls: TLSSocket, ca: ReturnType<typeof customCa>, deps: ProbeDeps, ms: number): Check {
  const cert = tls.getPeerCertificate(true);
  const chain: string[] = [];
  for (let c: PeerCertificate | undefined = cert, n = 0; c && n < 10; n++) {
    chain.push(nameOf(c.subject));
    const next: PeerCertificate | undefined = (c as { issuerCertificate?: PeerCertificate }).issuerCertificate;
    if (!next || next === c || next.fingerprint256 === c.fingerprint256) break;
    c = next;
  }
  const until = Date.parse(cert.valid_to);
  const left = until - deps.now();
  const via = ca.file ? `; trusted roots include ${ca.count} from NODE_EXTRA_CA_CERTS=${ca.file}` : '';
  const detail = `${ep.what}: ${tls.getProtocol() ?? 'TLS'}, certificate for ${nameOf(cert.subject)} issued by ${nameOf(cert.issuer)} (chain: ${chain.join(' → ')}), valid until ${new Date(until).toISOString().slice(0, 10)}${via}`;
  if (Number.isFinite(left) && left < EXPIRY_WARNING_MS) return warn(service, 'tls', `${detail}: expires in ${formatDuration(Math.max(0, left))}`, 'Tell the service owner the certificate is about to expire', ms);
  return ok(service, 'tls', detail, ms);
}
