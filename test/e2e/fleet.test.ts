import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertValidOutput } from '../schema.js';
import { isolatedDir, parseJson, runBin, startSim } from '../helpers.js';

// `syncstat fleet` as a user runs it: the built binary, a task list on stdin, the simulator.

let sim: Awaited<ReturnType<typeof startSim>>;
beforeAll(async () => {
  sim = await startSim();
});
afterAll(() => sim.close());

const YAML = `tasks:
  - { service: ninedata, id: rp-div0t0awwobr, name: orders }
  - { service: udts, id: udts-failed01, name: archive }
  - { service: drs, id: 9a470239-2308-4bb5-a6bc-1040402fjb21 }
  - { service: starrocks, instance: a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4in17, tasks: [orders_sync] }
`;

describe('syncstat fleet (built binary)', () => {
  it('reads the task list from stdin and prints one table with a summary (exit 1: a task failed)', async () => {
    const res = await runBin(['fleet', '--tasks', '-', '-o', 'table', '--config', isolatedDir().config], { env: sim.env, stdin: YAML });
    expect(res.code, res.stderr).toBe(1);
    const lines = res.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^SERVICE\s+NAME\s+PHASE/);
    expect(lines).toHaveLength(6);
    expect(lines.at(-1)).toBe('4 tasks: 3 syncing, 1 failed');
    expect(res.stderr).toMatch(/^error: udts archive \(udts-failed01\) failed/m);
  });

  it('JSON matches the output schema', async () => {
    const res = await runBin(['fleet', '--tasks', '-', '--json', '--config', isolatedDir().config], { env: sim.env, stdin: YAML });
    const out = parseJson(res.stdout);
    assertValidOutput(out);
    expect(out.results.map((r) => r.details.fleet.service)).toEqual(['ninedata', 'udts', 'drs', 'starrocks']);
  });

  it('syncstat demo ends with a fleet across every service', async () => {
    const res = await runBin(['demo'], { env: { NO_COLOR: '1' }, timeoutMs: 60_000 });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('$ syncstat fleet --tasks fleet.json\nSERVICE');
    expect(res.stdout).toMatch(/^9 tasks: 4 syncing, 3 running, 1 paused, 1 failed$/m);
  }, 70_000);
});
