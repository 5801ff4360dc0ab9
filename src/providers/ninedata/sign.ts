import { sha256Hex } from '../../core/hash.js';

/**
 * NineData OpenAPI signature: lowercase hex SHA-256 (not HMAC) of `path + "/" + secret + "&" + timestamp`.
 * `path` is the URL path only: no host, no query string. Method and body are not signed.
 */
export function signNineData(path: string, secret: string, timestamp: string): string {
  return sha256Hex(`${path}/${secret}&${timestamp}`);
}

/** `yyyy-MM-ddTHH:mm:ssZ` in UTC, no milliseconds. */
export function nineDataTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export interface NineDataAuthHeaders {
  'access-key-id': string;
  timestamp: string;
  signature: string;
}

export function nineDataAuthHeaders(path: string, accessKeyId: string, secret: string, epochMs: number): NineDataAuthHeaders {
  const timestamp = nineDataTimestamp(epochMs);
  return { 'access-key-id': accessKeyId, timestamp, signature: signNineData(path, secret, timestamp) };
}
