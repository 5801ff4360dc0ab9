import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveServiceConcurrency } from '../../src/core/general-settings.js';
import { Limiters } from '../../src/core/limiter.js';
import { STARROCKS_BIG } from '../../src/providers/huawei/sim/scenario.js';
import { runVirtual, startVirtualSim, type VirtualSim } from '../inproc.js';

// A service's own concurrency (profiles.<p>.<provider>.concurrency, SYNCSTAT_<PROVIDER>_CONCURRENCY),
// counted where it matters: the requests the simulator had in flight at once.

let sim: VirtualSim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const FILE = '/home/me/.statusrc.json';
const loaded = (config: object) => ({ filepath: FILE, config });

describe('resolveServiceConcurrency', () => {
  it('reads the environment first, then the profile section; unset means the general concurrency', () => {
    const file = loaded({ profiles: { default: { huawei: { concurrency: 4 } } } });
    expect(resolveServiceConcurrency('huawei', {}, file, 'default')).toEqual({ value: 4, source: `config ${FILE} profiles.default.huawei.concurrency` });
    expect(resolveServiceConcurrency('huawei', { SYNCSTAT_HUAWEI_CONCURRENCY: '2' }, file, 'default')).toEqual({ value: 2, source: 'env SYNCSTAT_HUAWEI_CONCURRENCY' });
    expect(resolveServiceConcurrency('huawei', {}, file, 'staging')).toEqual({ source: 'not set' });
    expect(resolveServiceConcurrency('ninedata', {}, file, 'default')).toEqual({ source: 'not set' });
  });

  it.each(['0', '65', 'lots', '2.5'])('rejects SYNCSTAT_UCLOUD_CONCURRENCY=%s as a configuration error (exit 3) saying what is allowed', (value) => {
    let caught: any;
    try {
      resolveServiceConcurrency('ucloud', { SYNCSTAT_UCLOUD_CONCURRENCY: value }, loaded({}), 'default');
    } catch (err) {
      caught = err;
    }
    expect(caught?.exitCode).toBe(3);
    expect(caught.message).toBe(`invalid SYNCSTAT_UCLOUD_CONCURRENCY ${JSON.stringify(value)} (expected a whole number from 1 to 64)`);
  });
});

describe('Limiters.capped', () => {
  const deps = { now: () => 0, sleep: async () => {}, random: () => 0.5 };
  it('caps the limiter of a host below the run-wide concurrency, and never raises it', () => {
    const all = new Limiters(8, deps);
    expect(all.for('http://a.example/x').capacity).toBe(8);
    expect(all.capped(3).for('http://a.example/y').capacity).toBe(3);
    expect(all.for('http://a.example/z').capacity).toBe(3);
    expect(all.capped(16)).toBe(all);
    expect(all.capped(2).for('http://b.example/').capacity).toBe(2);
    expect(all.for('http://c.example/').capacity).toBe(8);
  });
});

const IDS = Array.from({ length: 24 }, (_, i) => `rp-cap${String(i).padStart(9, '0')}`);
const SCENARIO = {
  ninedata: { replications: Object.fromEntries(IDS.map((id) => [id, { status: 'running', stage: 'inc_writer', delay: 100 }])) },
  // Each request stays in flight 40 ms (real time), long enough for the workers to pile up.
  faults: [{ type: 'latency' as const, ms: 40 }],
};

describe('a service concurrency in the config, counted at the simulator', () => {
  it('without one, the general --concurrency fills up', async () => {
    sim = await startVirtualSim(SCENARIO);
    const res = await runVirtual(sim, ['status', ...IDS, '--concurrency', '8', '--json']);
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout).results).toHaveLength(24);
    expect(sim.peakInFlight.ninedata).toBeGreaterThan(3);
    expect(sim.peakInFlight.ninedata).toBeLessThanOrEqual(8);
  });

  it('profiles.<profile>.ninedata.concurrency caps status below --concurrency, every id still answered', async () => {
    sim = await startVirtualSim(SCENARIO);
    const res = await runVirtual(sim, ['status', ...IDS, '--concurrency', '8', '--json'], { config: { profiles: { default: { ninedata: { concurrency: 3 } } } } });
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout).results).toHaveLength(24);
    expect(sim.peakInFlight.ninedata).toBeLessThanOrEqual(3);
    expect(sim.requests.filter((r) => r.service === 'ninedata')).toHaveLength(24);
  });

  it('SYNCSTAT_NINEDATA_CONCURRENCY overrides the file, and --debug says the cap', async () => {
    sim = await startVirtualSim(SCENARIO);
    const res = await runVirtual(sim, ['status', ...IDS, '--json', '--debug'], { env: { SYNCSTAT_NINEDATA_CONCURRENCY: '2' }, config: { profiles: { default: { ninedata: { concurrency: 6 } } } } });
    expect(res.code).toBe(0);
    expect(sim.peakInFlight.ninedata).toBeLessThanOrEqual(2);
    expect(res.stderr).toContain('ninedata: at most 2 requests in flight (env SYNCSTAT_NINEDATA_CONCURRENCY)');
  });

  it('caps one service of a fleet (DRS batches and StarRocks pages together) and leaves the others at --concurrency', async () => {
    sim = await startVirtualSim({ ...SCENARIO, faults: [{ type: 'latency', ms: 40 }] });
    const dir = mkdtempSync(join(tmpdir(), 'syncstat-cap-'));
    const tasks = join(dir, 'tasks.json');
    // 120 tasks of one instance: 3 pages, the last two side by side unless capped.
    writeFileSync(tasks, JSON.stringify({ tasks: [...IDS.map((id) => ({ service: 'ninedata', id })), { service: 'starrocks', instance: STARROCKS_BIG }, { service: 'starrocks', instance: STARROCKS_BIG.replace('f0', 'e0') }] }));
    const res = await runVirtual(sim, ['fleet', '--tasks', tasks, '--concurrency', '8', '--json'], {
      config: { profiles: { default: { huawei: { concurrency: 1 } } } },
    });
    expect(JSON.parse(res.stdout).results.filter((r: any) => r.provider === 'ninedata')).toHaveLength(24);
    expect(JSON.parse(res.stdout).results.filter((r: any) => r.provider === 'huawei')).toHaveLength(120);
    expect(sim.peakInFlight.huawei).toBe(1);
    expect(sim.peakInFlight.ninedata).toBeGreaterThan(1);
  });

  it('an out-of-range value in the file stops the run (exit 3) before any request, naming the key', async () => {
    sim = await startVirtualSim(SCENARIO);
    const res = await runVirtual(sim, ['status', IDS[0], '--json'], { config: { profiles: { default: { ucloud: { concurrency: 100 } } } } });
    expect(res.code).toBe(3);
    expect(res.stderr).toMatch(/invalid value for "profiles\.default\.ucloud\.concurrency": 100 \(expected a whole number from 1 to 64/);
    expect(sim.requests).toHaveLength(0);
  });

  it('a bad SYNCSTAT_NINEDATA_CONCURRENCY is one stderr line and exit 3, nothing sent', async () => {
    sim = await startVirtualSim(SCENARIO);
    const res = await runVirtual(sim, ['status', IDS[0], '--json'], { env: { SYNCSTAT_NINEDATA_CONCURRENCY: 'many' } });
    expect(res.code).toBe(3);
    expect(res.stderr).toBe('syncstat: error: invalid SYNCSTAT_NINEDATA_CONCURRENCY "many" (expected a whole number from 1 to 64). Use a whole number from 1 to 64, or unset SYNCSTAT_NINEDATA_CONCURRENCY\n');
    expect(sim.requests).toHaveLength(0);
  });

  it('syncstat config shows each service\'s concurrency and where it came from', async () => {
    sim = await startVirtualSim(SCENARIO);
    const res = await runVirtual(sim, ['config', '--json'], { env: { SYNCSTAT_UCLOUD_CONCURRENCY: '5' }, config: { profiles: { default: { huawei: { concurrency: 2 } } } } });
    expect(res.code).toBe(0);
    const rows = JSON.parse(res.stdout).settings.filter((r: any) => r.setting === 'concurrency');
    expect(rows.map((r: any) => [r.provider, r.value, r.set, r.source.replace(/config \S+ /, 'config ')])).toEqual([
      ['ninedata', null, false, 'not set'],
      ['ucloud', '5', true, 'env SYNCSTAT_UCLOUD_CONCURRENCY'],
      ['huawei', '2', true, 'config profiles.default.huawei.concurrency'],
    ]);
  });
});
