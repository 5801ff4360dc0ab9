import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runVirtual, startVirtualSim, type VirtualSim } from '../inproc.js';

// --watch change events of a fleet, in-process on a virtual clock.

let sim: VirtualSim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('fleet --watch with tasks of one name in two StarRocks instances', () => {
  it('tells them apart: each is an event when first seen, and neither again while it does not change', async () => {
    const [a, b] = [`${'a'.repeat(32)}in17`, `${'b'.repeat(32)}in17`];
    const task = (stage: string) => ({ task_name: 'orders_sync', source_database: 'shop', target_database: 'shop_sr', status: 'Yes', stage, percentage: '100', catchup_stage: null, catchup_percentage: '0' });
    sim = await startVirtualSim({ huawei: { instances: { [a]: { tasks: [task('incremental')] }, [b]: { tasks: [task('paused')] } } } });
    const file = join(mkdtempSync(join(tmpdir(), 'syncstat-twins-')), 'tasks.json');
    writeFileSync(file, JSON.stringify({ tasks: [{ service: 'starrocks', instance: a }, { service: 'starrocks', instance: b }] }));
    const res = await runVirtual(sim, ['fleet', '--tasks', file, '--watch', '--interval', '5s'], { onSleep: (n) => (n >= 4 ? 'SIGINT' : undefined) });
    expect(res.code).toBe(130);
    const events = res.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(events.map((e) => [e.id, e.from, e.phase])).toEqual([
      ['orders_sync', null, 'syncing'],
      ['orders_sync', null, 'paused'],
    ]);
  });
});
