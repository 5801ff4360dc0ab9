/**
 * Text from a service is data, never terminal control. These pure functions make any string safe to
 * show on a terminal or in a line-oriented log: every character that could move the cursor, start an
 * escape sequence (CSI, OSC 0/8 links, C1 CSI U+009B), reorder the line (bidi overrides) or start a
 * line of its own (LF, CR, U+2028/U+2029) becomes a visible escape; everything else is kept.
 *
 *   C0 (U+0000-U+001F, but see newlines), DEL, C1 (U+0080-U+009F)  ->  \x1b, \x00, \x7f, \x9b
 *   bidi controls, LS/PS, invisible format characters, lone surrogates ->  \u202e, \u2028, \ufeff, \ud800
 *   LF and CRLF, then tab and a lone CR                                 ->  ⏎, \t, \r
 *
 * JSON keeps the text as it is, escaped (see jsonSafe); only the human-readable formats go through here.
 */

/** Everything a terminal or a log could read as control: matched one code unit (or surrogate pair) at a time. */
const UNSAFE = /\r\n|[\u0000-\u001F\u007F-\u009F\u061C\u200B\u200E\u200F\u2028\u2029\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\uFFF9-\uFFFB]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Any character neutralize() would rewrite (for tests and quick checks). */
export const UNSAFE_CHAR = /[\u0000-\u001F\u007F-\u009F\u061C\u200B\u200E\u200F\u2028\u2029\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\uFFF9-\uFFFB]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What a folded line break looks like: visible, and never the start of a line. */
export const NEWLINE_MARK = '⏎';

function escapeOf(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * One line of safe text: control characters as visible escapes, line breaks folded to ⏎, tabs as
 * `\t`. The result contains no character matched by UNSAFE_CHAR; text without any is returned as is.
 */
export function neutralize(text: string): string {
  if (!UNSAFE_CHAR.test(text)) return text;
  return text.replace(UNSAFE, (c) => (c === '\r\n' || c === '\n' ? NEWLINE_MARK : c === '\t' ? '\\t' : c === '\r' ? '\\r' : escapeOf(c)));
}

/** neutralize() for a value that may be missing: null and undefined stay as they are. */
export function safe<T extends string | null | undefined>(text: T): T {
  return (typeof text === 'string' ? neutralize(text) : text) as T;
}

// ---- JSON ----------------------------------------------------------------------------------------

/** What JSON.stringify leaves raw but some consumers break on: C1, LS/PS (JavaScript before ES2019), bidi. */
const JSON_UNSAFE = /[\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

/**
 * JSON text with the characters JSON.stringify leaves raw but consumers trip over written as \u
 * escapes: the parsed value is exactly the same string, and the bytes carry no C1 control, no
 * line/paragraph separator and no bidi override to a terminal that `cat`s the file.
 */
export function jsonSafe(json: string): string {
  // Text of one-byte characters but DEL has none of them: counting bytes costs a fraction of the scan.
  if (Buffer.byteLength(json) === json.length && !json.includes('\u007f')) return json;
  return json.replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

// ---- width ---------------------------------------------------------------------------------------

/** Our own colour (SGR) sequences: the only escapes a safe cell can hold, and they take no columns. */
const SGR = /\u001b\[[0-9;]*m/g;
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\u200D\uFE00-\uFE0F]$/u;

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

function charWidth(ch: string): number {
  if (ZERO_WIDTH.test(ch)) return 0;
  return isWide(ch.codePointAt(0)!) ? 2 : 1;
}

/** Columns a (safe) string takes on a terminal: wide East Asian characters count 2, combining marks 0. */
export function displayWidth(text: string): number {
  const plain = text.includes('\u001b') ? text.replace(SGR, '') : text;
  // ASCII fast path: one column per character.
  if (/^[\x20-\x7e]*$/.test(plain)) return plain.length;
  let width = 0;
  for (const ch of plain) width += charWidth(ch);
  return width;
}

export const ELLIPSIS = '…';

/**
 * Safe text cut to at most `max` columns, with an ellipsis when cut. The raw text is sliced before
 * it is neutralized, so a megabyte-long value costs no more than a short one.
 */
export function fitCell(text: string, max: number): string {
  if (max <= 0) return '';
  // Each kept character takes at least one column (zero-width ones aside): a generous slice is enough.
  const head = text.length > max * 4 + 16 ? text.slice(0, max * 4 + 16) : text;
  const clean = neutralize(head);
  if (head === text && displayWidth(clean) <= max) return clean;
  let out = '';
  let width = 0;
  for (const ch of clean) {
    const w = charWidth(ch);
    if (width + w > max - 1) break;
    out += ch;
    width += w;
  }
  return out + ELLIPSIS;
}
