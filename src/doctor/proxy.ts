import { noProxyOf, proxyFor } from '../core/proxy-env.js';

type Env = Record<string, string | undefined>;

/** How a request to a URL leaves this machine: through which proxy, or directly and why. */
export interface Route {
  proxy?: { name: string; url: URL };
  /** The NO_PROXY entry that sends this host around the proxy. */
  bypassedBy?: string;
}

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

/** The NO_PROXY entry matching a host, by undici's rules (EnvHttpProxyAgent, which the requests use). */
export function noProxyEntry(noProxy: string | undefined, hostname: string, port: number): string | undefined {
  if (!noProxy) return undefined;
  if (noProxy === '*') return '*';
  const host = hostname.toLowerCase();
  for (const entry of noProxy.split(/[,\s]/)) {
    if (!entry) continue;
    const parsed = /^(.+):(\d+)$/.exec(entry);
    const name = (parsed ? parsed[1] : entry).replace(/^\*?\./, '').toLowerCase();
    if (parsed && Number(parsed[2]) !== port) continue;
    if (host === name || host.endsWith(`.${name}`)) return entry;
  }
  return undefined;
}

export function routeOf(env: Env, url: URL): Route {
  const proxy = proxyFor(env, url.protocol === 'https:' ? 'https' : 'http');
  if (!proxy) return {};
  const port = Number(url.port) || DEFAULT_PORTS[url.protocol] || 0;
  const bypassedBy = noProxyEntry(noProxyOf(env), url.hostname.replace(/^\[|\]$/g, ''), port);
  if (bypassedBy) return { bypassedBy };
  try {
    return { proxy: { name: proxy.name, url: new URL(proxy.url) } };
  } catch {
    return { proxy: { name: proxy.name, url: new URL('http://invalid.invalid') } };
  }
}

/** A proxy URL as shown: its password never. */
export function shownProxy(url: URL): string {
  return `${url.protocol}//${url.username ? `${decodeURIComponent(url.username)}:***@` : ''}${url.host}`;
}
