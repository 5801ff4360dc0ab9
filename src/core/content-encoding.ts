import { NetworkError } from './errors.js';
import { bodyTooLarge, hostOf } from './http.js';

/**
 * A response body as text. syncstat never asks for compression (no Accept-Encoding), but a proxy or
 * gateway may compress anyway: a gzip, deflate or br body is decoded (node:zlib loads only then, so a
 * plain answer never pays for it), a gzip or zlib body without a Content-Encoding header too (JSON
 * never starts with those bytes), and any other encoding is named rather than read as broken JSON.
 * The decoded body has the same cap as a plain one.
 */
export async function bodyText(bytes: Buffer, headers: Record<string, string | undefined>, url: string, maxBody: number): Promise<string> {
  const declared = (headers['content-encoding'] ?? '')
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e !== '' && e !== 'identity');
  const encodings = declared.length ? declared : sniff(bytes);
  if (!encodings.length) return bytes.toString('utf8');
  if (!declared.length) {
    // Undeclared: decoded when it decodes, else the bytes as they are (reported as what they are).
    try {
      return await bodyText(bytes, { 'content-encoding': encodings[0] }, url, maxBody);
    } catch (err) {
      if (err instanceof NetworkError && err.code === 'BAD_ENCODING') return bytes.toString('utf8');
      throw err;
    }
  }
  const unknown = encodings.find((e) => !Object.hasOwn(DECODERS, e));
  if (unknown) {
    throw new NetworkError(`${hostOf(url)} answered with unexpected Content-Encoding ${JSON.stringify(unknown).slice(1, -1).slice(0, 40)}, which syncstat cannot read (it never asks for compression)`, {
      code: 'UNSUPPORTED_ENCODING',
      retryable: false,
      suggestion: 'Check any proxy or gateway between syncstat and the service',
    });
  }
  const zlib = await import('node:zlib');
  let body = bytes;
  // Content-Encoding lists codings in the order they were applied: undo them last first.
  for (const encoding of [...encodings].reverse()) {
    try {
      body = DECODERS[encoding](zlib, body, { maxOutputLength: maxBody });
    } catch (err) {
      if ((err as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') throw bodyTooLarge(url, maxBody);
      throw new NetworkError(`${hostOf(url)} answered with a ${encoding} body that does not decompress (${(err as Error).message})`, { code: 'BAD_ENCODING', cause: err });
    }
  }
  return body.toString('utf8');
}

/** The body as text when there is nothing to decode (most answers), else undefined: ask bodyText. */
export function plainText(bytes: Buffer, headers: Record<string, string | undefined>): string | undefined {
  return headers['content-encoding'] === undefined && sniff(bytes).length === 0 ? bytes.toString('utf8') : undefined;
}

type Zlib = typeof import('node:zlib');
type Decoder = (zlib: Zlib, body: Buffer, opts: { maxOutputLength: number }) => Buffer;

const DECODERS: Readonly<Record<string, Decoder>> = {
  gzip: (z, b, o) => z.gunzipSync(b, o),
  'x-gzip': (z, b, o) => z.gunzipSync(b, o),
  // "deflate" is meant to be zlib-wrapped, but some servers send raw deflate: unzip-style, accept both.
  deflate: (z, b, o) => (isZlib(b) ? z.inflateSync(b, o) : z.inflateRawSync(b, o)),
  br: (z, b, o) => z.brotliDecompressSync(b, o),
};

/** A zlib stream's header: CM 8 and a check value that makes the first two bytes a multiple of 31. */
function isZlib(b: Buffer): boolean {
  return b.length >= 2 && (b[0] & 0x0f) === 8 && ((b[0] << 8) | b[1]) % 31 === 0;
}

/** Compression nobody declared, by its magic bytes: gzip (1f 8b) or zlib (78 ..). Neither can start JSON. */
function sniff(b: Buffer): string[] {
  if (b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b) return ['gzip'];
  if (b[0] === 0x78 && isZlib(b)) return ['deflate'];
  return [];
}
