// The wait's trackers (stale lag, ETA) load only when a wait runs: a one-shot query, in any format,
// never pays for them. Mocks record when a module is loaded (the import graph the bundle's lazy inits follow).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runVirtual, startVirtualSim, type VirtualSim } from '../inproc.js';

const loaded = vi.hoisted(() => new Set<string>());

vi.mock('../../src/core/poll-watch.js', async (original) => (loaded.add('poll-watch'), original()));
vi.mock('../../src/core/freshness.js', async (original) => (loaded.add('freshness'), original()));
vi.mock('../../src/core/eta.js', async (original) => (loaded.add('eta'), original()));

let sim: VirtualSim;
beforeAll(async () => {
  sim = await startVirtualSim();
});
afterAll(() => sim.close());

describe('lazy loading of the wait trackers', () => {
  it('a one-shot query (JSON or a table) loads none of them; a wait loads them', async () => {
    expect((await runVirtual(sim, ['status', 'rp-div0t0awwobr', '--json'])).code).toBe(0);
    expect((await runVirtual(sim, ['udts', 'udts-ixdp441', '-o', 'table'])).code).toBe(0);
    expect([...loaded]).toEqual([]);
    expect((await runVirtual(sim, ['status', 'rp-div0t0awwobr', '--until', 'syncing', '--json'])).code).toBe(0);
    expect([...loaded].sort()).toEqual(['eta', 'freshness', 'poll-watch']);
  });
});
