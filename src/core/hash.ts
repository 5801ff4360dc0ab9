import { hmac } from '@noble/hashes/hmac';
import { sha1 } from '@noble/hashes/legacy';
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';

// Hex digests of UTF-8 text for request signing, from @noble/hashes (audited, pure JS) rather than
// node:crypto: loading node:crypto costs ~6 ms of start-up, about a fifth of a status query's own
// overhead (npm run bench), and a signature hashes a few hundred bytes. The signers reproduce the
// vendors' test vectors, and test/unit/hash.test.ts checks these against node:crypto.

export const sha256Hex = (text: string): string => bytesToHex(sha256(utf8ToBytes(text)));

export const sha1Hex = (text: string): string => bytesToHex(sha1(utf8ToBytes(text)));

export const hmacSha256Hex = (key: string, text: string): string => bytesToHex(hmac(sha256, utf8ToBytes(key), utf8ToBytes(text)));
