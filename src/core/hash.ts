import { hmac } from '@noble/hashes/hmac';
import { sha1 } from '@noble/hashes/legacy';
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';

// Hex digests of UTF-8 text for request signing. node:crypto is native, about ten times faster a hash
// than pure JS and with far less garbage: it signs a query of thousands of ids. But loading it costs
// about 3 ms, and a one-id query signs one request: so the first PURE_JS_HASHES hashes of a run use
// @noble/hashes (audited, pure JS; its code is in the bundle's code cache), and node:crypto loads
// only when a run signs more. The signers reproduce the vendors' test vectors, and
// test/unit/hash.test.ts checks both implementations against each other.

export interface Hashes {
  sha256Hex(text: string): string;
  sha1Hex(text: string): string;
  hmacSha256Hex(key: string, text: string): string;
}

export const PURE_JS: Hashes = {
  sha256Hex: (text) => bytesToHex(sha256(utf8ToBytes(text))),
  sha1Hex: (text) => bytesToHex(sha1(utf8ToBytes(text))),
  hmacSha256Hex: (key, text) => bytesToHex(hmac(sha256, utf8ToBytes(key), utf8ToBytes(text))),
};

/** node:crypto, loaded on first use (getBuiltinModule: no import() may be left in the bundle). */
export function nativeHashes(): Hashes {
  const crypto = process.getBuiltinModule('node:crypto');
  return {
    // crypto.hash: one call, no Hash object (Node >= 20.12); strings are hashed as UTF-8 in both.
    sha256Hex: (text) => crypto.hash('sha256', text, 'hex'),
    sha1Hex: (text) => crypto.hash('sha1', text, 'hex'),
    hmacSha256Hex: (key, text) => crypto.createHmac('sha256', key).update(text).digest('hex'),
  };
}

export const PURE_JS_HASHES = 16;
let hashes = 0;
let native: Hashes | undefined;

function impl(): Hashes {
  if (native) return native;
  return ++hashes <= PURE_JS_HASHES ? PURE_JS : (native = nativeHashes());
}

export const sha256Hex = (text: string): string => impl().sha256Hex(text);

export const sha1Hex = (text: string): string => impl().sha1Hex(text);

export const hmacSha256Hex = (key: string, text: string): string => impl().hmacSha256Hex(key, text);
