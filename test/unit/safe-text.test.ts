import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty, renderPrecheckGithub } from '../../src/render/github.js';
import { xmlAttr, xmlText } from '../../src/render/junit.js';
import { displayWidth, ELLIPSIS, fitCell, jsonSafe, neutralize, UNSAFE_CHAR } from '../../src/render/safe-text.js';

/** Characters a hostile service sends: escape sequences, C1, bidi, separators, lone surrogates. */
const HOSTILE = ['\x1b', '\x1b[2J', '\x1b]8;;https://evil.example\x07', '\x9b', '\x85', '\x00', '\x07', '\x7f', '\r', '\n', '\r\n', '\t', '\u202e', '\u2066', '\u200f', '\u061c', '\u2028', '\u2029', '\ufeff', '\ud800', '\udc00', '\n::error::forged', '\n::add-mask::x'];

/** Any text: hostile pieces, any UTF-16 code unit, and ordinary (also wide and combining) text. */
const text = fc.array(
  fc.oneof(fc.constantFrom(...HOSTILE), fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), fc.string({ unit: 'grapheme' }), fc.constantFrom('漢字', 'é', 'e\u0301', '🙂', '%', ':', ',')),
  { maxLength: 40 },
).map((parts) => parts.join(''));

const UNSAFE_ALL = new RegExp(UNSAFE_CHAR.source, 'g');

function isSubsequence(needle: string, hay: string): boolean {
  let i = 0;
  for (const ch of hay) if (i < needle.length && needle.startsWith(ch, i)) i += ch.length;
  return i === needle.length;
}

describe('neutralize', () => {
  it('shows escape sequences, C1, bidi, separators and NUL as visible escapes, and folds newlines', () => {
    expect(neutralize('\x1b[31mred\x1b[0m')).toBe('\\x1b[31mred\\x1b[0m');
    expect(neutralize('\x1b]8;;https://evil.example\x07click\x1b]8;;\x07')).toBe('\\x1b]8;;https://evil.example\\x07click\\x1b]8;;\\x07');
    expect(neutralize('\x9b2J \x85 \x00 \x7f')).toBe('\\x9b2J \\x85 \\x00 \\x7f');
    expect(neutralize('abc\u202edef \u2028 \u2029')).toBe('abc\\u202edef \\u2028 \\u2029');
    expect(neutralize('ok\r\n::error::forged\n::add-mask::x')).toBe('ok⏎::error::forged⏎::add-mask::x');
    expect(neutralize('100%\rfailed\tx')).toBe('100%\\rfailed\\tx');
    expect(neutralize('\ud800 lone')).toBe('\\ud800 lone');
  });

  it('keeps ordinary text as it is: accents, CJK, emoji, backslashes', () => {
    for (const s of ['running', 'Incremental 漢字', 'e\u0301t\u00e9 🙂 👩\u200d💻', 'C:\\path\\x1b', '']) expect(neutralize(s)).toBe(s);
  });

  it('leaves no control, bidi or separator character, whatever the text (property)', () => {
    fc.assert(fc.property(text, (s) => !UNSAFE_CHAR.test(neutralize(s)) && !/[\r\n]/.test(neutralize(s))));
  });

  it('keeps every other character, in order (property)', () => {
    fc.assert(fc.property(text, (s) => isSubsequence(s.replace(UNSAFE_ALL, ''), neutralize(s))));
  });

  it('is the identity on safe text, and so idempotent (property)', () => {
    fc.assert(fc.property(text, (s) => neutralize(neutralize(s)) === neutralize(s)));
  });
});

describe('jsonSafe', () => {
  it('escapes C1, LS/PS and bidi that JSON.stringify leaves raw; the parsed value is unchanged (property)', () => {
    fc.assert(
      fc.property(text, (s) => {
        const json = jsonSafe(JSON.stringify({ s }));
        return JSON.parse(json).s === s && !/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/.test(json) && !/[\u0000-\u001f]/.test(json);
      }),
    );
    expect(jsonSafe(JSON.stringify('a\u2028b\x9bc\u202ed'))).toBe('"a\\u2028b\\u009bc\\u202ed"');
    // DEL is one byte like the text around it: plain ASCII is not the same as safe.
    expect(jsonSafe(JSON.stringify('a\x7fb'))).toBe('"a\\u007fb"');
    const plain = JSON.stringify({ id: 'rp-div0t0awwobr', n: [1, 2] }, null, 2);
    expect(jsonSafe(plain)).toBe(plain);
  });
});

describe('fitCell', () => {
  it('cuts to the width with an ellipsis, never more, and is safe (property)', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 60 }), (s, max) => {
        const cell = fitCell(s, max);
        const full = neutralize(s);
        return displayWidth(cell) <= max && !UNSAFE_CHAR.test(cell) && (displayWidth(full) <= max ? cell === full : cell.endsWith(ELLIPSIS));
      }),
    );
  });

  it('counts wide characters as two columns', () => {
    expect(displayWidth('漢字ab')).toBe(6);
    expect(fitCell('漢字漢字', 5)).toBe('漢字…');
  });

  it('cuts a megabyte-long value by reading only its start', () => {
    const cell = fitCell('x'.repeat(1 << 20) + '\x1b[2J', 120);
    expect(cell).toHaveLength(120);
    expect(cell.endsWith(ELLIPSIS)).toBe(true);
  });
});

describe('GitHub workflow commands', () => {
  it('escape data and properties as @actions/core does, after neutralizing controls', () => {
    expect(escapeData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
    expect(escapeProperty('a:b,c%')).toBe('a%3Ab%2Cc%25');
    expect(escapeData('\x1b[2Jboom\u202e')).toBe('\\x1b[2Jboom\\u202e');
  });

  it('no data can end a command or start a line (property)', () => {
    fc.assert(fc.property(text, (s) => !/[\r\n]/.test(escapeData(s)) && !UNSAFE_CHAR.test(escapeData(s)) && !/[\r\n:,]/.test(escapeProperty(s))));
  });

  it('a newline in a server message never forges ::error or ::add-mask:: lines', () => {
    const msg = 'Failed\n::add-mask::hidden\n::error title=forged::pwned\r::warning::x';
    const r = { provider: 'ninedata', kind: 'precheck', id: 'rp-x\n::error::id', phase: 'failed', status: 'failure', progress: null, lagMs: null, stage: null, message: msg, observedAt: '', details: { items: [{ id: 'i', name: 'check\n::error::name', description: null, status: 'failure', message: msg }] } } as const;
    const out = renderPrecheckGithub({ results: [r as never], errors: [{ id: 'rp-y\n::add-mask::z', provider: 'ninedata', code: 'API_ERROR', message: msg, requestId: null, exitCode: 4 }], raw: [], warnings: [] }, { failOn: 'failure' });
    const lines = out.trimEnd().split('\n');
    for (const line of lines) expect(line).toMatch(/^(::error title=Precheck rp-|::warning title=Precheck rp-|precheck rp-)/);
    expect(out).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
  });
});

describe('JUnit XML', () => {
  it('writes C1, bidi and separators as character references, and no raw control character (property)', () => {
    fc.assert(fc.property(text, (s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(xmlText(s) + xmlAttr(s))));
    expect(xmlText('a\x9bb\u202ec')).toBe('a&#x9b;b&#x202e;c');
  });
});
