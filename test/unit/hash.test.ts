import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmacSha256Hex, nativeHashes, PURE_JS, PURE_JS_HASHES, sha1Hex, sha256Hex, type Hashes } from '../../src/core/hash.js';

/** Text of every length around the 64-byte block and its padding boundary, plus multi-byte UTF-8. */
function samples(): string[] {
  const out: string[] = [];
  for (let n = 0; n <= 200; n++) out.push('a'.repeat(n));
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  // A lone surrogate too: both implementations hash it as U+FFFD's bytes.
  const alphabet = ['a', 'Z', '0', '/', '&', ' ', '\n', 'é', '中', '文', '😀', '\u0000', '\ud800'];
  for (let i = 0; i < 300; i++) {
    const len = Math.floor(rand() * 300);
    out.push(Array.from({ length: len }, () => alphabet[Math.floor(rand() * alphabet.length)]).join(''));
  }
  return out;
}

const IMPLEMENTATIONS: Array<[string, Hashes]> = [
  ['@noble/hashes (the first hashes of a run)', PURE_JS],
  ['node:crypto (the rest)', nativeHashes()],
  // What the signers call: pure JS for the first PURE_JS_HASHES calls, then node:crypto.
  ['the exported functions', { sha256Hex, sha1Hex, hmacSha256Hex }],
];

describe.each(IMPLEMENTATIONS)('hash, %s, agrees with node:crypto', (_name, h) => {
  const texts = samples();
  it('has samples enough to cross from pure JS to node:crypto', () => expect(texts.length).toBeGreaterThan(PURE_JS_HASHES * 3));
  it('SHA-256', () => {
    for (const t of texts) expect(h.sha256Hex(t), JSON.stringify(t)).toBe(createHash('sha256').update(t, 'utf8').digest('hex'));
  });
  it('SHA-1', () => {
    for (const t of texts) expect(h.sha1Hex(t), JSON.stringify(t)).toBe(createHash('sha1').update(t, 'utf8').digest('hex'));
  });
  it('HMAC-SHA256, keys shorter and longer than a block', () => {
    for (const [i, t] of texts.entries()) {
      const key = texts[(i * 7) % texts.length];
      expect(h.hmacSha256Hex(key, t), JSON.stringify([key, t])).toBe(createHmac('sha256', Buffer.from(key, 'utf8')).update(t, 'utf8').digest('hex'));
    }
  });
});
