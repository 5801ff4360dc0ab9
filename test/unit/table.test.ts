import { describe, expect, it } from 'vitest';
import type { Report, Result } from '../../src/core/model.js';
import { NO_PAINT } from '../../src/render/paint.js';
import { displayWidth, UNSAFE_CHAR } from '../../src/render/safe-text.js';
import { CELL_CAP, fitWidths, renderPrecheckTable, renderTable } from '../../src/render/table.js';
import { makePaint } from '../../src/cli/context.js';

const row = (id: string, fields: Partial<Result> = {}): Result => ({ provider: 'ucloud', kind: 'udts', id, phase: 'running', status: 'Dumping', progress: 40, lagMs: null, stage: 'full', message: null, observedAt: '2026-11-25T10:00:00.000Z', details: {}, ...fields });
const report = (results: Result[]): Report => ({ results, errors: [], raw: [], warnings: [] });

const HOSTILE = 'x\x1b[2J\x1b]8;;https://evil.example\x07link\x1b]8;;\x07\r\x00\x9b31m\u202eabc\u2028\n::error::forged';
const widthOfLines = (text: string) => Math.max(...text.trimEnd().split('\n').map(displayWidth));
/** Every line free of control characters (the line breaks between rows aside). */
const expectSafeLines = (text: string) => {
  for (const line of text.trimEnd().split('\n')) expect(line).not.toMatch(UNSAFE_CHAR);
};

describe('renderTable', () => {
  it('shows hostile ids, statuses, stages and messages as visible escapes, one line per row', () => {
    const out = renderTable(report([row(`udts-${HOSTILE}`, { status: HOSTILE, stage: HOSTILE, message: HOSTILE })]), { paint: NO_PAINT });
    expectSafeLines(out);
    expect(out.trimEnd().split('\n')).toHaveLength(2);
    expect(out).toContain('x\\x1b[2J\\x1b]8;;https://evil.example\\x07link');
    expect(out).toContain('\\u202eabc\\u2028⏎::error::forged');
  });

  it('paints after layout: our colours stay, a service\'s escape never passes', async () => {
    const paint = await makePaint(true);
    const out = renderTable(report([row('udts-1', { phase: 'failed', status: '\x1b[32mSynced\x1b[0m' })]), { paint });
    expect(out).toContain('\x1b[31mfailed\x1b[39m');
    expect(out).toContain('\\x1b[32mSynced\\x1b[0m');
    expectSafeLines(out.replace(/\x1b\[[0-9;]*m/g, ''));
  });

  it('cuts a 1 MB status to the cell cap off a terminal, with an ellipsis', () => {
    const huge = 'Dumping '.repeat(1 << 17);
    const out = renderTable(report([row('udts-1', { status: huge, message: '漢'.repeat(50_000) })]), { paint: NO_PAINT });
    expect(out.length).toBeLessThan(1000);
    expect(out).toContain('…');
    for (const line of out.trimEnd().split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(6 * 2 + 2 * CELL_CAP + 8 * 6);
  });

  it('fits the terminal width: the widest columns shrink, the narrow ones keep theirs', () => {
    const rows = [row('udts-aaaaaaaa', { message: 'm'.repeat(500), status: 's'.repeat(300) }), row('udts-b', { phase: 'syncing', message: 'short' })];
    for (const columns of [40, 60, 80, 132]) {
      const out = renderTable(report(rows), { paint: NO_PAINT, layout: { columns } });
      expect(widthOfLines(out), out).toBeLessThanOrEqual(Math.max(columns, 56));
      // Ids and phases are cut last: only when the terminal cannot hold even the short columns.
      if (columns >= 80) expect(out).toContain('udts-aaaaaaaa');
      if (columns >= 80) expect(out).toContain('syncing');
    }
  });

  it('shows every cell in full with -o wide (layout.full) or --wide, still neutralized', () => {
    const long = 'y'.repeat(100_000);
    for (const opts of [{ layout: { full: true, columns: 80 } }, { wide: true, layout: { columns: 80 } }]) {
      const out = renderTable(report([row('udts-1', { message: long + '\x1b[2J' })]), { paint: NO_PAINT, ...opts });
      expect(out).toContain(long + '\\x1b[2J');
    }
  });

  it('a live table taller than its room shows the first rows and counts the rest by phase', () => {
    const rows = Array.from({ length: 50 }, (_, i) => row(`udts-${i}`, { phase: i % 5 === 0 ? 'failed' : 'syncing', status: 'Synced' }));
    const out = renderTable(report(rows), { paint: NO_PAINT, layout: { maxLines: 10 } });
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(10);
    expect(lines[0]).toMatch(/^ID\s+PHASE/);
    expect(lines[9]).toBe('… 42 more (34 syncing, 8 failed)');
    expect(renderTable(report(rows.slice(0, 5)), { paint: NO_PAINT, layout: { maxLines: 10 } }).trimEnd().split('\n')).toHaveLength(6);
  });
});

describe('fitWidths', () => {
  it('keeps widths that fit, else shrinks the widest to one width, never below a minimum', () => {
    expect(fitWidths([10, 20], [2, 2], 40)).toEqual([10, 20]);
    expect(fitWidths([10, 100, 50], [2, 2, 2], 70)).toEqual([10, 30, 30]);
    expect(fitWidths([10, 100], [10, 8], 5)).toEqual([10, 8]);
  });
});

describe('renderPrecheckTable', () => {
  it('neutralizes and cuts check names, messages, ids and the verdict line', () => {
    const r = row(`rp-${HOSTILE}`, { provider: 'ninedata', kind: 'precheck', status: `odd${HOSTILE}`, message: 'z'.repeat(1 << 20), details: { items: [{ name: HOSTILE, status: 'failure', message: 'w'.repeat(1 << 20) }] } });
    const out = renderPrecheckTable(report([r]), { paint: NO_PAINT });
    expectSafeLines(out);
    expect(out.length).toBeLessThan(2000);
  });
});
