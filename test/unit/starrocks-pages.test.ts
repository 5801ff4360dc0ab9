import { describe, expect, it } from 'vitest';
import type { HuaweiClient } from '../../src/providers/huawei/client.js';
import { fetchStarRocks, MAX_PAGES, STARROCKS_PAGE_SIZE } from '../../src/providers/huawei/starrocks.js';

const INSTANCE = 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4in17';
const task = (i: number) => ({ task_name: `t${String(i).padStart(7, '0')}`, status: 'Yes', stage: 'incremental', percentage: 100 });

/** A fake StarRocks listing of `count` tasks; counts requests and the most in flight at once. */
function listing(count: number, opts: { total?: number | null } = {}) {
  const calls: number[] = [];
  let inFlight = 0;
  let most = 0;
  const client: HuaweiClient = {
    async send<T>(call: { query?: Record<string, string> }) {
      const offset = Number(call.query!.offset);
      const limit = Number(call.query!.limit);
      calls.push(offset);
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight--;
      const rows = Array.from({ length: Math.max(0, Math.min(limit, count - offset)) }, (_, i) => task(offset + i));
      const data = { replications: rows, ...(opts.total === null ? {} : { total_count: opts.total ?? count }) };
      return { data: data as T, body: JSON.stringify(data), requestId: 'r', status: 200 } as never;
    },
  };
  return { client, calls, most: () => most };
}

describe('StarRocks paging', () => {
  it('after the first page, reads the rest side by side (at most --concurrency at once), in order', async () => {
    const l = listing(1000);
    const out = await fetchStarRocks(l.client, INSTANCE, {}, () => 0, 8);
    expect(out.results.map((r) => r.id)).toEqual(Array.from({ length: 1000 }, (_, i) => task(i).task_name));
    expect(l.calls).toHaveLength(1000 / STARROCKS_PAGE_SIZE);
    expect(l.most()).toBe(8);
    expect(out.warnings).toEqual([]);
  });

  it('never truncates silently: past MAX_PAGES it stops and says where to go on', async () => {
    const l = listing(Number.MAX_SAFE_INTEGER);
    const out = await fetchStarRocks(l.client, INSTANCE, {}, () => 0, 16);
    expect(l.calls).toHaveLength(MAX_PAGES);
    expect(out.results).toHaveLength(MAX_PAGES * STARROCKS_PAGE_SIZE);
    expect(out.warnings?.[0]).toMatch(new RegExp(`reports \\d+ sync tasks; read ${MAX_PAGES * STARROCKS_PAGE_SIZE} from offset 0 .*use --offset ${MAX_PAGES * STARROCKS_PAGE_SIZE} for the rest`));
  });

  it('without a total_count, pages one after another until an empty one', async () => {
    const l = listing(120, { total: null });
    const out = await fetchStarRocks(l.client, INSTANCE, {}, () => 0, 8);
    expect(out.results).toHaveLength(120);
    expect(l.calls).toEqual([0, 50, 100, 120]);
    expect(l.most()).toBe(1);
  });

  it('a --limit/--offset window asks for just that window', async () => {
    const l = listing(1000);
    const out = await fetchStarRocks(l.client, INSTANCE, { offset: 30, limit: 120 }, () => 0, 8);
    expect(out.results.map((r) => r.id)[0]).toBe(task(30).task_name);
    expect(out.results).toHaveLength(120);
    expect(l.calls.sort((a, b) => a - b)).toEqual([30, 80, 130]);
  });
});

describe('the simulator at fleet scale', () => {
  it('serves a 50,000-task StarRocks instance page by page without building the whole list', async () => {
    const { startVirtualSim, runVirtual } = await import('../inproc.js');
    const sim = await startVirtualSim({ huawei: { instances: { [INSTANCE]: { generate: 50_000 } } } as never });
    try {
      const res = await runVirtual(sim, ['starrocks', INSTANCE, '--offset', '49950', '--json']);
      expect(res.code, res.stderr).toBe(0);
      const rows = JSON.parse(res.stdout).results;
      expect(rows).toHaveLength(50);
      expect(rows[49].id).toBe('sync_orders_50000');
    } finally {
      await sim.close();
    }
  });

  it('keeps a bounded request log', async () => {
    const { startSimulator } = await import('../../src/sim/server.js');
    const { DEFAULT_SCENARIO } = await import('../sims.js');
    const sim = await startSimulator({ port: 0, scenario: DEFAULT_SCENARIO, maxRequestLog: 10 });
    try {
      const base = Object.values(sim.urls)[0];
      for (let i = 0; i < 25; i++) await fetch(`${base}/nowhere`);
      expect(sim.requests.length).toBeLessThanOrEqual(10);
      expect(sim.requests.at(-1)?.path).toBe('/nowhere');
    } finally {
      await sim.close();
    }
  });
});
