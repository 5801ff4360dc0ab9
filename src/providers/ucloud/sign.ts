import { sha1Hex } from '../../core/hash.js';

export type ParamValue = string | number | boolean | null | undefined | ParamValue[] | { [key: string]: ParamValue };

/** Flattens arrays and objects to `Foo.0`, `Foo.Sub`, `Foo.0.Sub`; drops null/undefined. */
export function flattenParams(params: Record<string, ParamValue>, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (value === null || value === undefined) continue;
    if (Array.isArray(value)) Object.assign(out, flattenParams(Object.fromEntries(value.map((v, i) => [String(i), v])), name));
    else if (typeof value === 'object') Object.assign(out, flattenParams(value, name));
    else out[name] = scalar(value);
  }
  return out;
}

/** Booleans as true/false; integral floats without ".0"; never scientific notation. */
function scalar(value: string | number | boolean): string {
  if (typeof value !== 'number') return String(value);
  if (Number.isInteger(value)) return BigInt(value).toString();
  const text = String(value);
  return /e/i.test(text) ? value.toFixed(20).replace(/0+$/, '') : text;
}

/**
 * UCloud signature: sort every parameter (PublicKey included, Signature excluded) by name in plain
 * code-unit order, concatenate name+value with no separators or escaping, append the private key,
 * and take the lowercase hex SHA-1.
 */
export function signUCloud(params: Record<string, string>, privateKey: string): string {
  return sha1Hex(stringToSign(params, privateKey));
}

/** The text that is hashed (it ends with the private key: for tests, never for logs). */
export function stringToSign(params: Record<string, string>, privateKey: string): string {
  // Default sort() compares UTF-16 code units: exactly the documented order (CPU < ChargeType).
  const names = Object.keys(params).filter((k) => k !== 'Signature').sort();
  return names.map((k) => k + params[k]).join('') + privateKey;
}

/** The parameters to send: flattened, PublicKey added, signed. */
export function signedParams(params: Record<string, ParamValue>, publicKey: string, privateKey: string): Record<string, string> {
  const flat = flattenParams({ ...params, PublicKey: publicKey });
  return { ...flat, Signature: signUCloud(flat, privateKey) };
}
