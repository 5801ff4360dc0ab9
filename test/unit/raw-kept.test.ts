import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Report } from '../../src/core/model.js';
import { DRS_JOBS, STARROCKS_BIG, STARROCKS_SMALL } from '../../src/providers/huawei/sim/scenario.js';
import { runVirtual, startVirtualSim, type VirtualSim } from '../inproc.js';

// The vendors' bodies are kept only when --raw asks for them: every report the renderers get is
// captured here (the JSON renderer, wrapped), and without --raw none holds a body.

const seen = vi.hoisted(() => ({ reports: [] as Report[] }));
vi.mock('../../src/render/json.js', async (original) => {
  const real = await original<typeof import('../../src/render/json.js')>();
  return {
    ...real,
    renderJson: (r: Report) => (seen.reports.push(r), real.renderJson(r)),
    renderRaw: (r: Report) => (seen.reports.push(r), real.renderRaw(r)),
  };
});

let sim: VirtualSim | undefined;
beforeEach(() => void (seen.reports.length = 0));
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

function taskFile(tasks: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'syncstat-raw-')), 'tasks.json');
  writeFileSync(file, JSON.stringify({ tasks }));
  return file;
}

// Every service, an instance read in three pages, and an error answer from each of two services.
const FLEET = [
  { service: 'ninedata', id: 'rp-div0t0awwobr' },
  { service: 'ninedata', id: 'rp-doesnotexist' },
  { service: 'udts', id: 'udts-ixdp441' },
  { service: 'udts', id: 'udts-nosuch01' },
  { service: 'drs', id: DRS_JOBS.syncing },
  { service: 'starrocks', instance: STARROCKS_SMALL },
  { service: 'starrocks', instance: STARROCKS_BIG },
];

const keptBodies = (r: Report) => r.raw.length + r.errors.filter((e) => e.rawBody !== undefined).length;

describe('report.raw', () => {
  it('holds no body in a run without --raw: status, with an error answer', async () => {
    sim = await startVirtualSim();
    const res = await runVirtual(sim, ['status', 'rp-div0t0awwobr', 'rp-doesnotexist', '--json']);
    expect(res.code).toBe(4);
    expect(seen.reports).toHaveLength(1);
    expect(seen.reports[0].results).toHaveLength(1);
    expect(seen.reports[0].errors).toHaveLength(1);
    expect(keptBodies(seen.reports[0])).toBe(0);
  });

  it('holds no body in a fleet run without --raw (every service, paged, error answers)', async () => {
    sim = await startVirtualSim();
    const res = await runVirtual(sim, ['fleet', '--tasks', taskFile(FLEET), '--json']);
    expect(res.code).toBe(4);
    expect(seen.reports[0].results.length).toBeGreaterThan(120);
    expect(seen.reports[0].errors).toHaveLength(2);
    expect(keptBodies(seen.reports[0])).toBe(0);
  });

  it('with --raw, a fleet prints every body the services sent, error answers included', async () => {
    sim = await startVirtualSim();
    const res = await runVirtual(sim, ['fleet', '--tasks', taskFile(FLEET), '--raw']);
    expect(res.code).toBe(4);
    const lines = res.stdout.trim().split('\n');
    // One line per answer: 2 NineData, 2 UDTS, 1 DRS batch, 1 page of the small instance and 3 of the big one.
    const answers = sim.requests.filter((r) => r.service !== null);
    expect(answers).toHaveLength(9);
    expect(lines).toHaveLength(answers.length);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    // The two error answers (both services say "not found" in a 200), as the services sent them.
    expect(lines.filter((l) => l.includes('replication rp-doesnotexist not found'))).toHaveLength(1);
    expect(lines.filter((l) => l.includes('"RetCode":230') && l.includes('udts-nosuch01'))).toHaveLength(1);
    expect(answers.filter((r) => r.path.includes(STARROCKS_BIG))).toHaveLength(3);
  });

  it('with --raw, status prints each body, the error answer too', async () => {
    sim = await startVirtualSim();
    const res = await runVirtual(sim, ['status', 'rp-div0t0awwobr', 'rp-doesnotexist', '--raw']);
    expect(res.code).toBe(4);
    expect(res.stdout.trim().split('\n')).toHaveLength(2);
    expect(keptBodies(seen.reports[0])).toBe(2);
  });
});
