type Env = Record<string, string | undefined>;

/**
 * The variables that name the proxy for each scheme, first one set wins: upper case, as curl reads them;
 * HTTP_PROXY also serves https URLs when HTTPS_PROXY is not set. A module of its own so that deciding
 * whether a proxy is in use does not load undici.
 */
const PROXY_VARS = { http: ['HTTP_PROXY', 'http_proxy'], https: ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'] } as const;

/** The proxy for a scheme and the variable that named it; an empty variable counts as unset. */
export function proxyFor(env: Env, scheme: 'http' | 'https'): { name: string; url: string } | undefined {
  const name = PROXY_VARS[scheme].find((n) => env[n]);
  return name ? { name, url: env[name]! } : undefined;
}

/** Whether any proxy variable is set (the https list holds them all). */
export const usesProxy = (env: Env): boolean => proxyFor(env, 'https') !== undefined;

export const noProxyOf = (env: Env): string | undefined => env.NO_PROXY || env.no_proxy || undefined;
