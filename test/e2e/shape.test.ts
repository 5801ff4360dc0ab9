import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectUsageError, runBin, startSim } from '../helpers.js';

// Wiring of the shaping flags in the built binary (the bundle loads JMESPath and js-yaml lazily);
// their behaviour is tested in-process (test/unit/shape*.test.ts).

let sim: Awaited<ReturnType<typeof startSim>>;
beforeAll(async () => {
  sim = await startSim();
});
afterAll(() => sim.close());

describe('shaping in the built binary', () => {
  it('--query, -o yaml, --columns and --sort-by (given before the command too)', async () => {
    const lag = await runBin(['status', 'rp-div0t0awwobr', '--query', 'results[0].lagMs'], { env: sim.env });
    expect(lag).toMatchObject({ code: 0, stdout: '672\n', stderr: '' });
    const yaml = await runBin(['--query', 'results[0].{id: id, phase: phase}', 'status', 'rp-div0t0awwobr', '-o', 'yaml'], { env: sim.env });
    expect(yaml).toMatchObject({ code: 0, stdout: 'id: rp-div0t0awwobr\nphase: syncing\n' });
    const cols = await runBin(['status', 'rp-div0t0awwobr', 'rp-failed000001', '--columns', 'id,phase', '--sort-by', 'phase', '--no-headers'], { env: sim.env });
    expect(cols.code).toBe(1);
    expect(cols.stdout).toBe('rp-failed000001\tfailed\nrp-div0t0awwobr\tsyncing\n');
  });

  it('a bad expression or column: exit 2, one line, no request', async () => {
    await expectUsageError(sim, ['status', 'rp-div0t0awwobr', '--query', "results[?phase=='x'"], /^syncstat: error: --query: expected Rbracket, got: EOF at column 20: /);
    await expectUsageError(sim, ['status', 'rp-div0t0awwobr', '--columns', 'id,nope'], /^syncstat: error: --columns: unknown column "nope"/);
  });
});
