import { hmacSha256Hex, sha256Hex } from '../../core/hash.js';
import type { HttpRequest } from '../../core/http.js';

/** SDK-HMAC-SHA256: the API gateway's AK/SK request signature (huawei.md, "AK/SK signing"). */
export const ALGORITHM = 'SDK-HMAC-SHA256';

/** Headers signed when sent; host and x-sdk-date always are. Others (user-agent) are not signed. */
const SIGNABLE = ['content-type', 'host', 'x-language', 'x-project-id', 'x-sdk-date', 'x-security-token'] as const;

export interface AkSk {
  ak: string;
  sk: string;
  /** Temporary credentials come with a security token, sent (and signed) as X-Security-Token. */
  securityToken?: string;
}

/** Percent-encodes every UTF-8 byte except A-Z a-z 0-9 - _ . ~, hex in upper case. */
export function enc(value: string): string {
  // encodeURIComponent leaves ! ' ( ) * alone; the gateway encodes them.
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** UTC "YYYYMMDDTHHMMSSZ". */
export function sdkDate(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

/** Epoch ms of an X-Sdk-Date value, or NaN when it is not one. */
export function parseSdkDate(value: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : NaN;
}

/** Each path segment decoded then enc()'d; always ends in "/" although the request is sent without it. */
export function canonicalUri(path: string): string {
  const uri = path.split('/').map((seg) => enc(safeDecode(seg))).join('/');
  return uri.endsWith('/') ? uri : `${uri}/`;
}

export function canonicalQuery(params: URLSearchParams): string {
  const pairs = [...params].map(([k, v]) => [enc(k), enc(v)] as const);
  pairs.sort(([ka, va], [kb, vb]) => (ka === kb ? compare(va, vb) : compare(ka, kb)));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

export interface CanonicalInput {
  method: string;
  /** Path as sent (without the trailing slash). */
  path: string;
  query: URLSearchParams;
  /** Lower-case names -> values, covering every signed header. */
  headers: Readonly<Record<string, string>>;
  signedHeaders: readonly string[];
  body: string;
}

export function canonicalRequest(c: CanonicalInput): string {
  const names = [...c.signedHeaders].sort(compare);
  const headerLines = names.map((n) => `${n}:${(c.headers[n] ?? '').trim()}\n`).join('');
  return [c.method.toUpperCase(), canonicalUri(c.path), canonicalQuery(c.query), headerLines, names.join(';'), sha256Hex(c.body)].join('\n');
}

export function stringToSign(canonical: string, date: string): string {
  return `${ALGORITHM}\n${date}\n${sha256Hex(canonical)}`;
}

export function signatureOf(c: CanonicalInput, date: string, sk: string): string {
  return hmacSha256Hex(sk, stringToSign(canonicalRequest(c), date));
}

/**
 * Signs one attempt of a request: adds X-Sdk-Date (and X-Security-Token), then Authorization over
 * host, the date and whichever of content-type / x-language / x-project-id / x-security-token are sent.
 */
export function signRequest(req: HttpRequest, creds: AkSk, date: string): HttpRequest {
  const url = new URL(req.url);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers ?? {})) headers[k.toLowerCase()] = v.trim();
  headers['x-sdk-date'] = date;
  if (creds.securityToken) headers['x-security-token'] = creds.securityToken;
  const withHost: Record<string, string> = { ...headers, host: url.host };
  const signed = SIGNABLE.filter((n) => withHost[n] !== undefined);
  const signature = signatureOf({ method: req.method, path: url.pathname, query: url.searchParams, headers: withHost, signedHeaders: signed, body: req.body ?? '' }, date, creds.sk);
  headers.authorization = `${ALGORITHM} Access=${creds.ak}, SignedHeaders=${signed.join(';')}, Signature=${signature}`;
  return { ...req, headers };
}

export interface ParsedAuthorization {
  access: string;
  signedHeaders: string[];
  signature: string;
}

/** Reads "SDK-HMAC-SHA256 Access=..., SignedHeaders=..., Signature=..." (null when it is not one). */
export function parseAuthorization(value: string | undefined): ParsedAuthorization | null {
  const m = /^SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]+)$/.exec(value?.trim() ?? '');
  return m ? { access: m[1], signedHeaders: m[2].split(';'), signature: m[3] } : null;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

// Byte order, as the gateway sorts (not locale order).
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
