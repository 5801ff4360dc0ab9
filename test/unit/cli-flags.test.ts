import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hoistCommonOptions } from '../../src/cli/argv.js';
import { runVirtual, startVirtualSim, type VirtualSim } from '../inproc.js';

let sim: VirtualSim;
beforeAll(async () => {
  sim = await startVirtualSim();
});
afterAll(() => sim.close());

describe('common options before the command', () => {
  it.each([
    [['--json', 'status', 'rp-x'], ['status', '--json', 'rp-x']],
    [['-o', 'tsv', '--debug', 'udts', 'u-1'], ['udts', '-o', 'tsv', '--debug', 'u-1']],
    [['--output=json', 'batch', 'j'], ['batch', '--output=json', 'j']],
    [['--profile', 'prod', '--request-timeout', '5s', 'precheck', 'rp-x'], ['precheck', '--profile', 'prod', '--request-timeout', '5s', 'rp-x']],
    // Not a common option, or no command after them: left for commander to judge.
    [['--frobnicate', 'status', 'rp-x'], ['--frobnicate', 'status', 'rp-x']],
    [['--json'], ['--json']],
    [['--version'], ['--version']],
    [['status', '--json', 'rp-x'], ['status', '--json', 'rp-x']],
  ])('%j → %j', (given, expected) => {
    expect(hoistCommonOptions(given)).toEqual(expected);
  });

  it('syncstat --json status X works as syncstat status X --json', async () => {
    const res = await runVirtual(sim, ['--json', 'status', 'rp-div0t0awwobr'], { stdoutIsTTY: true });
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout).results[0].id).toBe('rp-div0t0awwobr');
  });
});

describe('--raw', () => {
  it('cannot be combined with a non-JSON -o (exit 2, nothing sent)', async () => {
    const before = sim.requests.length;
    for (const format of ['table', 'tsv']) {
      const res = await runVirtual(sim, ['status', 'rp-div0t0awwobr', '--raw', '-o', format]);
      expect(res.code).toBe(2);
      expect(res.stderr.trim()).toBe(`syncstat: error: --raw prints the vendor's own JSON and cannot be combined with -o ${format}. Drop one of them`);
    }
    expect(sim.requests.length).toBe(before);
  });

  it('prints the error answer too, untouched', async () => {
    const res = await runVirtual(sim, ['status', 'rp-div0t0awwobr', 'rp-doesnotexist', '--raw']);
    expect(res.code).toBe(4);
    const lines = res.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(JSON.stringify(lines[1])).toContain('rp-doesnotexist');
  });
});

describe('results and errors in the order given, in every format', () => {
  const ids = ['rp-doesnotexist', 'rp-div0t0awwobr', 'rp-nothere00001'];
  it.each([
    ['tsv', (out: string) => out.trim().split('\n').slice(1).map((l) => l.split('\t')[2])],
    ['ndjson', (out: string) => out.trim().split('\n').map((l) => { const o = JSON.parse(l); return (o.error ?? o).id; })],
    ['table', (out: string) => out.trim().split('\n').slice(1).map((l) => l.split(/\s+/)[0])],
  ])('%s', async (format, idsOf) => {
    const res = await runVirtual(sim, ['status', ...ids, '-o', format as string]);
    expect(res.code).toBe(4);
    expect((idsOf as (o: string) => string[])(res.stdout)).toEqual(ids);
    // stderr says why, in the same order
    expect(res.stderr.trim().split('\n').map((l) => /^error: (\S+):/.exec(l)?.[1])).toEqual(['rp-doesnotexist', 'rp-nothere00001']);
  });
});

describe('an unknown vendor status', () => {
  it('is phase "unknown", with one warning per value on stderr', async () => {
    const s = await startVirtualSim({ ninedata: { replications: { 'rp-odd000000001': { status: 'reticulating', stage: 'full' }, 'rp-odd000000002': { status: 'reticulating', stage: 'full' } } } });
    try {
      const res = await runVirtual(s, ['status', 'rp-odd000000001', 'rp-odd000000002', '--json']);
      expect(res.code).toBe(0);
      expect(JSON.parse(res.stdout).results.map((r: any) => r.phase)).toEqual(['unknown', 'unknown']);
      expect(res.stderr.trim().split('\n')).toEqual(['warning: rp-odd000000001: unknown ninedata replication status "reticulating", shown as phase "unknown" (syncstat may need an update)']);
    } finally {
      await s.close();
    }
  });
});
