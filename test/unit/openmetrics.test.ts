import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { PHASES, makeResult, type Report } from '../../src/core/model.js';
import { DRS_JOBS, STARROCKS_SMALL } from '../../src/providers/huawei/sim/scenario.js';
import { labelName, labelValue, renderMetrics, taskLabels } from '../../src/render/openmetrics.js';
import { UNSAFE_CHAR } from '../../src/render/safe-text.js';
import { parseExposition, pick, valueOf } from '../exposition.js';
import { runVirtual, startVirtualSim, type VirtualSim } from '../inproc.js';

// `-o openmetrics` and `-o prometheus`: the metric writer, and every command printing it.

let sim: VirtualSim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const RESERVED = ['provider', 'kind', 'id', 'name', 'phase', 'code', 'job', 'instance', 'le', 'quantile'];

describe('metric labels', () => {
  it('a task label name is kept when valid and free, else sanitized with the prefix label_', () => {
    expect(labelName('env')).toBe('env');
    expect(labelName('wave-id')).toBe('label_wave_id');
    expect(labelName('3rd')).toBe('label_3rd');
    expect(labelName('id')).toBe('label_id');
    expect(labelName('instance')).toBe('label_instance');
    expect(labelName('__meta')).toBe('label___meta');
    expect(labelName('région')).toBe('label_r_gion');
  });

  it('any label name becomes a valid Prometheus name that no fixed label can collide with', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), (key) => {
        const name = labelName(key);
        expect(name).toMatch(LABEL_NAME);
        expect(RESERVED).not.toContain(name);
        expect(name.startsWith('__')).toBe(false);
        if (LABEL_NAME.test(key) && !RESERVED.includes(key) && !key.startsWith('__')) expect(name).toBe(key);
      }),
    );
  });

  it('two labels that become one name keep the first and say which was left out', () => {
    expect(taskLabels({ 'a-b': '1', 'a.b': '2', env: 'prod' })).toEqual({ labels: { env: 'prod', label_a_b: '1' }, dropped: ['a.b'] });
  });

  it('any label value survives the writer and a parser exactly, as one safe line', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.string({ maxLength: 60 }), (name, env) => {
        const report: Report = { results: [makeResult({ provider: 'p', kind: 'k', id: 'x-1', phase: 'syncing', status: 's', observedAt: '2026-11-25T10:00:00.000Z', details: { fleet: { service: 's', id: 'x-1', name, labels: { env } } } })], errors: [], raw: [], warnings: [] };
        for (const format of ['openmetrics', 'prometheus'] as const) {
          const { text } = renderMetrics(report, format);
          for (const line of text.split('\n')) expect(line).not.toMatch(UNSAFE_CHAR);
          const up = pick(parseExposition(text), 'syncstat_task_up');
          expect(up).toHaveLength(1);
          expect(up[0].labels.name).toBe(labelValue(name));
          expect(up[0].labels.env).toBe(labelValue(env));
        }
      }),
    );
  });
});

describe('-o openmetrics / -o prometheus on every command', () => {
  it('status: the phase state set, lag, progress, observed time and up per task; an id that errs keeps its series (up 0, its code)', async () => {
    sim = await startVirtualSim();
    const res = await runVirtual(sim, ['status', 'rp-div0t0awwobr', 'rp-fullload0001', 'rp-failed000001', 'rp-nosuchtask01', '-o', 'openmetrics']);
    expect(res.code, res.stderr).toBe(4);
    expect(res.stderr).toMatch(/rp-nosuchtask01/);
    const text = res.stdout;
    expect(text.endsWith('# EOF\n')).toBe(true);
    expect(text).toMatch(/^# TYPE syncstat_task_lag_seconds gauge\n# UNIT syncstat_task_lag_seconds seconds$/m);
    const s = parseExposition(text);
    const task = { provider: 'ninedata', kind: 'replication', id: 'rp-div0t0awwobr', name: 'rp-div0t0awwobr' };
    for (const p of PHASES) expect(valueOf(s, 'syncstat_task_phase', { ...task, phase: p })).toBe(p === 'syncing' ? 1 : 0);
    expect(valueOf(s, 'syncstat_task_lag_seconds', task)).toBe(0.672);
    expect(valueOf(s, 'syncstat_task_progress_ratio', { id: 'rp-fullload0001' })).toBe(0.635);
    expect(valueOf(s, 'syncstat_task_phase', { id: 'rp-failed000001', phase: 'failed' })).toBe(1);
    expect(valueOf(s, 'syncstat_task_observed_timestamp_seconds', task)).toBe(Date.parse('2026-11-25T10:00:00.000Z') / 1000);
    expect(valueOf(s, 'syncstat_task_up', task)).toBe(1);
    // The id that could not be read: every phase 0, up 0, its error's code.
    const gone = { id: 'rp-nosuchtask01', kind: 'replication' };
    expect(pick(s, 'syncstat_task_phase', gone).map((x) => x.value)).toEqual(PHASES.map(() => 0));
    expect(valueOf(s, 'syncstat_task_up', gone)).toBe(0);
    expect(pick(s, 'syncstat_task_error_info', gone)).toHaveLength(1);
    expect(pick(s, 'syncstat_task_error_info', gone)[0].labels.code).toMatch(/\S/);
    expect(pick(s, 'syncstat_task_lag_seconds', gone)).toEqual([]);
  });

  it('-o prometheus is the same series without UNIT and EOF (what node_exporter\'s textfile collector documents)', async () => {
    sim = await startVirtualSim();
    const om = await runVirtual(sim, ['status', 'rp-div0t0awwobr', '-o', 'openmetrics']);
    const prom = await runVirtual(sim, ['status', 'rp-div0t0awwobr', '-o', 'prometheus']);
    expect(prom.code).toBe(0);
    expect(prom.stdout).not.toMatch(/^# (UNIT|EOF)/m);
    expect(parseExposition(prom.stdout)).toEqual(parseExposition(om.stdout));
  });

  it.each([
    ['precheck', ['precheck', 'rp-div0qqpbffio'], 1, { kind: 'precheck', phase: 'failed' }],
    ['udts', ['udts', 'udts-ixdp441'], 0, { provider: 'ucloud', kind: 'udts', phase: 'syncing' }],
    ['starrocks', ['starrocks', STARROCKS_SMALL], 1, { provider: 'huawei', kind: 'starrocks', id: 'orders_sync', phase: 'syncing' }],
    ['batch', ['batch', DRS_JOBS.syncing], 0, { provider: 'huawei', kind: 'drs', phase: 'syncing' }],
  ])('%s prints its rows as metrics', async (_name, argv, code, match) => {
    sim = await startVirtualSim();
    const res = await runVirtual(sim, [...argv, '-o', 'openmetrics']);
    expect(res.code, res.stderr).toBe(code);
    expect(valueOf(parseExposition(res.stdout), 'syncstat_task_phase', match)).toBe(1);
  });

  it('fleet: the entry name and labels (made Prometheus names) on every series of its rows', async () => {
    sim = await startVirtualSim();
    const dir = mkdtempSync(join(tmpdir(), 'syncstat-om-'));
    const file = join(dir, 'fleet.json');
    writeFileSync(file, JSON.stringify({ tasks: [
      { service: 'ninedata', id: 'rp-div0t0awwobr', name: 'orders "main"\nline', labels: { env: 'prod', 'wave-id': '3', id: 'x' } },
      { service: 'starrocks', instance: STARROCKS_SMALL, name: 'analytics', tasks: ['orders_sync', 'events_full'] },
    ] }));
    const res = await runVirtual(sim, ['fleet', '--tasks', file, '-o', 'openmetrics']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('name="orders \\"main\\"⏎line"');
    const s = parseExposition(res.stdout);
    expect(pick(s, 'syncstat_task_up', { id: 'rp-div0t0awwobr' })[0].labels).toEqual({ provider: 'ninedata', kind: 'replication', id: 'rp-div0t0awwobr', name: 'orders "main"⏎line', env: 'prod', label_id: 'x', label_wave_id: '3' });
    expect(pick(s, 'syncstat_task_up', { name: 'analytics' }).map((x) => x.labels.id)).toEqual(['orders_sync', 'events_full']);
  });

  it('a hostile service: no control character in the output, every sample one line', async () => {
    const { readFileSync } = await import('node:fs');
    const hostile = JSON.parse(readFileSync(new URL('../../scenarios/hostile.json', import.meta.url), 'utf8'));
    sim = await startVirtualSim(hostile);
    const ids = Object.keys(hostile.ninedata?.replications ?? {});
    expect(ids.length).toBeGreaterThan(0);
    const res = await runVirtual(sim, ['status', ...ids, '-o', 'prometheus']);
    for (const line of res.stdout.split('\n')) expect(line).not.toMatch(UNSAFE_CHAR);
    expect(() => parseExposition(res.stdout)).not.toThrow();
  });

  it('--watch cannot stream metrics: exit 2, saying which formats it can', async () => {
    sim = await startVirtualSim();
    const res = await runVirtual(sim, ['status', 'rp-div0t0awwobr', '--watch', '-o', 'openmetrics']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/--watch streams changes and cannot write -o openmetrics/);
  });
});
