import { afterEach, describe, expect, it, vi } from 'vitest';
import { DRS_JOBS } from '../../src/providers/huawei/sim/scenario.js';
import { runVirtual, startVirtualSim, type VirtualSim } from '../inproc.js';

// The one query action connects once per run: a wait's polls reuse the client (settings, vendor
// credential files and token source are not resolved again on every poll).
const connects = vi.hoisted(() => ({ ninedata: 0, ucloud: 0, huawei: 0 }));
vi.mock('../../src/providers/ninedata/client.js', async (original) => {
  const m = await original<typeof import('../../src/providers/ninedata/client.js')>();
  return { ...m, createNineDataClient: (...a: Parameters<typeof m.createNineDataClient>) => (connects.ninedata++, m.createNineDataClient(...a)) };
});
vi.mock('../../src/providers/ucloud/client.js', async (original) => {
  const m = await original<typeof import('../../src/providers/ucloud/client.js')>();
  return { ...m, createUCloudClient: (...a: Parameters<typeof m.createUCloudClient>) => (connects.ucloud++, m.createUCloudClient(...a)) };
});
vi.mock('../../src/providers/huawei/client.js', async (original) => {
  const m = await original<typeof import('../../src/providers/huawei/client.js')>();
  return { ...m, createHuaweiClient: (...a: Parameters<typeof m.createHuaweiClient>) => (connects.huawei++, m.createHuaweiClient(...a)) };
});

let sim: VirtualSim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
  Object.assign(connects, { ninedata: 0, ucloud: 0, huawei: 0 });
});

const RUNNING = { timeline: [{ for: 60, status: 'running', stage: 'full', percent: { from: 0, to: 100 } }, { status: 'running', stage: 'inc_writer', delay: 100 }] };

describe('a wait connects once', () => {
  it('status --until: many polls, one client', async () => {
    sim = await startVirtualSim({ ninedata: { replications: { 'rp-connect000001': RUNNING } } });
    const res = await runVirtual(sim, ['status', 'rp-connect000001', '--until', 'syncing', '--interval', '10s']);
    expect(res.code, res.stderr).toBe(0);
    expect(sim.requests.filter((r) => r.service === 'ninedata').length).toBeGreaterThan(3);
    expect(connects.ninedata).toBe(1);
  });

  it('udts --watch and batch --until: one client each', async () => {
    sim = await startVirtualSim({ ucloud: { tasks: { 'udts-connect1': { timeline: [{ for: 30, Status: 'Loading' }, { Status: 'Syncing' }] } } } });
    const udts = await runVirtual(sim, ['udts', 'udts-connect1', '--until', 'syncing', '--interval', '10s']);
    expect(udts.code, udts.stderr).toBe(0);
    expect(connects.ucloud).toBe(1);
    const batch = await runVirtual(sim, ['batch', DRS_JOBS.syncing, DRS_JOBS.failed, '--watch', '--timeout', '35s', '--interval', '10s']);
    expect(batch.code, batch.stderr).toBe(1);
    expect(connects.huawei).toBe(1);
  });

  it('a run that never polls twice still connects once, and duplicate ids connect never', async () => {
    sim = await startVirtualSim();
    const bad = await runVirtual(sim, ['status', 'rp-div0t0awwobr', 'rp-div0t0awwobr']);
    expect(bad.code).toBe(2);
    expect(connects.ninedata).toBe(0);
    const once = await runVirtual(sim, ['status', 'rp-div0t0awwobr']);
    expect(once.code, once.stderr).toBe(0);
    expect(connects.ninedata).toBe(1);
  });
});

describe('precheck connects once', () => {
  it('precheck --wait: many status polls and the verdicts, one client', async () => {
    const prechecking = { timeline: [{ for: 40, status: 'preChecking', stage: 'schema' }, { status: 'preCheckFailed', stage: 'schema' }] };
    sim = await startVirtualSim({ ninedata: { replications: { 'rp-connect000002': prechecking }, prechecks: { 'rp-connect000002': { precheckStatus: 'failure', items: [] } } } });
    const res = await runVirtual(sim, ['precheck', 'rp-connect000002', '--wait', '--interval', '10s']);
    expect(res.code, res.stderr).toBe(1);
    expect(sim.requests.filter((r) => r.path.endsWith('/replication/status')).length).toBeGreaterThan(3);
    expect(connects.ninedata).toBe(1);
  });

  it('a one-shot precheck reads status and verdicts with one client', async () => {
    sim = await startVirtualSim();
    const res = await runVirtual(sim, ['precheck', 'rp-div0qqpbffio']);
    expect(res.code, res.stderr).toBe(1);
    expect(connects.ninedata).toBe(1);
  });
});
