import { describe, expect, it } from 'vitest';
import { DEFAULT_SCENARIO } from '../sims.js';
import type { SimTask } from '../../src/sim/types.js';
import { parseJson, runBin, startSim } from '../helpers.js';

// The wait engine itself is tested in-process on a virtual clock (test/unit/wait-cli.test.ts). These
// few tests check the wiring of the built binary: real signals, real stdout. None depends on timing:
// a signal is sent once the process has said it is waiting.

async function withSim(replications: Record<string, SimTask>, test: (env: Record<string, string>) => Promise<void>) {
  const sim = await startSim({ ...DEFAULT_SCENARIO, ninedata: { replications } });
  try {
    await test(sim.env);
  } finally {
    await sim.close();
  }
}

const FULL_LOAD: SimTask = { status: 'running', stage: 'full', percent: 40 };
/** Sends `sig` once, when the process says it is polling. */
const once = (sig: NodeJS.Signals) => {
  let sent = false;
  return (stderr: string, kill: (sig: NodeJS.Signals) => void) => {
    if (!sent && /polling every/.test(stderr)) (sent = true), kill(sig);
  };
};

describe('waits in the built binary', () => {
  it('--until met at once: exit 0, the final state as JSON', () =>
    withSim({ 'rp-syncing00001': { status: 'running', stage: 'inc_writer', delay: 300 } }, async (env) => {
      const res = await runBin(['status', 'rp-syncing00001', '--until', 'syncing', '--max-lag', '1s'], { env });
      expect(res.code).toBe(0);
      expect(parseJson(res.stdout).results[0]).toMatchObject({ phase: 'syncing', lagMs: 300 });
      expect(res.stderr).toMatch(/^condition "every task syncing with lag <= 1s" met after \d+ms$/m);
    }));

  it('Ctrl-C: exit 130, the last state still on stdout, a summary on stderr', () =>
    withSim({ 'rp-fullload0001': FULL_LOAD }, async (env) => {
      const res = await runBin(['status', 'rp-fullload0001', '--until', 'syncing', '--json'], { env, onStderr: once('SIGINT') });
      expect(res.code).toBe(130);
      expect(parseJson(res.stdout).results[0]).toMatchObject({ id: 'rp-fullload0001', progress: 40 });
      expect(res.stderr).toMatch(/^interrupted after .*; last seen: rp-fullload0001 running \(running\)$/m);
    }));

  it('SIGTERM: exit 143', () =>
    withSim({ 'rp-fullload0001': FULL_LOAD }, async (env) => {
      const res = await runBin(['status', 'rp-fullload0001', '--watch'], { env, onStderr: once('SIGTERM') });
      expect(res.code).toBe(143);
      expect(JSON.parse(res.stdout.trim().split('\n')[0])).toMatchObject({ id: 'rp-fullload0001', to: 'running' });
    }));
});

describe('the command deadline aborts requests in flight', () => {
  it('a server that never answers: --until … --timeout 2s ends at the deadline (exit 6), not after each request timeout', async () => {
    const sim = await startSim({ ...DEFAULT_SCENARIO, ninedata: { replications: { 'rp-fullload0001': FULL_LOAD } }, faults: [{ type: 'latency', service: 'ninedata', ms: 60_000 }] });
    try {
      // runBin kills the process after 15 s: a run that waited out the 10 s request timeout, or the
      // minute-long answer, would fail here.
      const res = await runBin(['status', 'rp-fullload0001', '--until', 'syncing', '--timeout', '2s', '--interval', '1s', '--json'], { env: sim.env, timeoutMs: 15_000 });
      expect(res.code).toBe(6);
      expect(res.stderr).toMatch(/no complete response from 127\.0\.0\.1:\d+ within (1\.\d|2)s/);
      expect(res.stderr).toMatch(/^error: timed out after 2(\.\d)?s waiting for "every task syncing"/m);
      expect(parseJson(res.stdout).errors[0]).toMatchObject({ id: 'rp-fullload0001', code: 'TIMEOUT' });
    } finally {
      await sim.close();
    }
  });
});
