import fc from 'fast-check';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { CliContext } from '../../src/cli/context.js';
import { compileQuery, renderShaped } from '../../src/cli/shaping.js';
import { makeResult, PHASES, type Report, type ReportedError } from '../../src/core/model.js';
import { renderJson, renderTsv } from '../../src/render/json.js';
import { NO_PAINT } from '../../src/render/paint.js';
import { UNSAFE_CHAR } from '../../src/render/safe-text.js';
import { columnsTsv, queryTable, queryTsv, resolveColumn, sortReport, TSV_FIELDS } from '../../src/render/shape.js';
import { renderYaml } from '../../src/render/yaml.js';

// Properties of the shaping step over any report and any text a service could send.

const RUNS = Number(process.env.SYNCSTAT_PROPERTY_RUNS ?? 200);

/** Text with what a terminal must never get raw: C0, C1, DEL, bidi, LS/PS, BOM, lone surrogates, wide and combining characters. */
const SPECIAL = ['\x1b', '\x00', '\x07', '\t', '\n', '\r', '\x7f', '\x85', '\x9b', '\u061c', '\u200b', '\u200e', '\u2028', '\u2029', '\u202e', '\u2066', '\ufeff', '\ufff9', '\ud800', '\udc00', '😀', '表', 'é', '"', "'", ':', '#', '- ', '&a', '*a', '!!', '%', '@', '`', '|', '>', '{', '[', 'yes', 'null', '0x1f', ' '];
const text = fc.array(fc.oneof(fc.constantFrom(...SPECIAL), fc.string({ maxLength: 6 })), { maxLength: 6 }).map((parts) => parts.join(''));
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
const id = fc.stringMatching(/^[a-z][a-z0-9-]{2,12}$/);

const result = fc.record({
  id,
  phase: fc.constantFrom(...PHASES),
  status: maybe(text),
  progress: maybe(fc.integer({ min: 0, max: 100 })),
  lagMs: maybe(fc.nat()),
  stage: maybe(text),
  message: maybe(text),
  details: fc.dictionary(text, fc.jsonValue({ maxDepth: 2 }).map((v) => v as unknown), { maxKeys: 3 }),
}).map((r) => makeResult({ provider: 'ninedata', kind: 'replication', observedAt: '2026-11-25T10:00:00.000Z', ...r }));

const error = fc.record({ id, code: fc.constantFrom('API_ERROR', 'NETWORK'), message: text.filter((m) => m.length > 0), requestId: maybe(text) }).map(
  (e): ReportedError => ({ ...e, provider: 'ninedata', exitCode: 4 }),
);

const report = fc.record({ results: fc.array(result, { maxLength: 5 }), errors: fc.array(error, { maxLength: 3 }), order: fc.boolean() }).map(
  ({ results, errors, order }): Report => ({ results, errors, raw: [], warnings: [], ...(order ? { ids: [...new Set([...errors.map((e) => e.id), ...results.map((r) => r.id)])] } : {}) }),
);

const ctxFor = (output: string, shape: CliContext['shape']) => ({ output, shape, paint: NO_PAINT, layout: {} }) as unknown as CliContext;
const noTable = async () => '';
const unshaped = async (): Promise<string> => {
  throw new Error('a query is shaped, never handed back');
};
/** What a safe line may still hold: nothing UNSAFE_CHAR matches. */
const safeLine = (line: string) => !UNSAFE_CHAR.test(line);

describe('shaping properties', () => {
  it("--query '@' with -o json is exactly the normal JSON output", async () => {
    const query = await compileQuery('@');
    await fc.assert(
      fc.asyncProperty(report, async (r) => {
        expect(await renderShaped(ctxFor('json', { headers: true, query }), r, noTable, unshaped)).toBe(renderJson(r));
      }),
      { numRuns: RUNS },
    );
  });

  it('--columns of every TSV field is exactly the default TSV', () => {
    const columns = TSV_FIELDS.map((f) => resolveColumn(f)!);
    fc.assert(
      fc.property(report, (r) => {
        expect(columnsTsv(r, columns, true)).toBe(renderTsv(r));
      }),
      { numRuns: RUNS },
    );
  });

  it('--sort-by keeps every row once, orders by the column, and is stable', () => {
    const byLag = resolveColumn('lag')!;
    fc.assert(
      fc.property(report, (r) => {
        const sorted = sortReport(r, byLag);
        expect(sorted.results).toHaveLength(r.results.length);
        expect(sorted.errors).toHaveLength(r.errors.length);
        const lags = sorted.results.map((x) => x.lagMs);
        const known = lags.filter((l): l is number => l !== null);
        expect(known).toEqual([...known].sort((a, b) => b - a));
        // Rows without a lag come last.
        expect(lags.slice(known.length).every((l) => l === null)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('-o yaml reads back as the same data, and carries no control, bidi or separator character', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.dictionary(text, fc.oneof(text, fc.array(text, { maxLength: 3 })), { maxKeys: 4 }), report.map((r) => JSON.parse(renderJson(r)) as unknown)), (value) => {
        const yaml = renderYaml(value);
        expect(yaml.split('\n').every(safeLine), yaml).toBe(true);
        expect(JSON.stringify(load(yaml))).toBe(JSON.stringify(value));
      }),
      { numRuns: RUNS },
    );
  });

  it('a query result as TSV or a table: one safe line per row, tab-separated fields', () => {
    const value = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.array(fc.dictionary(text, fc.oneof(text, fc.integer(), fc.constant(null)), { maxKeys: 3 }), { maxLength: 4 }),
      fc.array(fc.oneof(text, fc.array(text, { maxLength: 3 })), { maxLength: 4 }),
    );
    fc.assert(
      fc.property(value, fc.boolean(), (v, header) => {
        for (const out of [queryTsv(v, header), queryTable(v, NO_PAINT, {}), queryTable(v, NO_PAINT, { full: true })]) {
          expect(out.split('\n').every((l) => safeLine(l.replaceAll('\t', ' ')))).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe('renderYaml', () => {
  it('plain YAML for plain data; a bidi or invisible character makes every value double-quoted, escaped', () => {
    expect(renderYaml({ id: 'rp-1', lagMs: 672, tags: ['a'] })).toBe('id: rp-1\nlagMs: 672\ntags:\n  - a\n');
    expect(renderYaml({ status: 'ok\u202eevil', lag: 1 })).toBe('status: "ok\\u202eevil"\nlag: 1\n');
    // C0, C1 and separators js-yaml escapes itself.
    expect(renderYaml({ s: 'a\x1b[2Jb\x9bc\u2028' })).toBe('s: "a\\e[2Jb\\x9Bc\\L"\n');
  });

  it('a key holding one: JSON (which is YAML) with \\u escapes', () => {
    const out = renderYaml({ 'k\u202e': 'v' });
    expect(out).toBe('{\n  "k\\u202e": "v"\n}\n');
    expect(load(out)).toEqual({ 'k\u202e': 'v' });
  });
});
