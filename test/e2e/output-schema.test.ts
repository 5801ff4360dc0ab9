import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRS_JOBS } from '../../src/providers/huawei/sim/scenario.js';
import { assertValidDefinition } from '../schema.js';
import { runBin, startSim } from '../helpers.js';

let sim: Awaited<ReturnType<typeof startSim>>;
beforeAll(async () => {
  sim = await startSim();
});
afterAll(() => sim.close());

const lines = (stdout: string) => stdout.trimEnd().split('\n').map((l) => JSON.parse(l));

describe('schema/output.schema.json definitions match real output', () => {
  it('-o ndjson: every line is an ndjsonLine, results and { error } alike', async () => {
    const nd = await runBin(['status', 'rp-div0t0awwobr', 'rp-doesnotexist', '-o', 'ndjson'], { env: sim.env });
    const udts = await runBin(['udts', 'udts-ixdp441', 'udts-nosuchtask', '-o', 'ndjson'], { env: sim.env });
    const all = [...lines(nd.stdout), ...lines(udts.stdout)];
    expect(all.filter((l) => 'error' in l)).toHaveLength(2);
    expect(all.filter((l) => !('error' in l))).toHaveLength(2);
    for (const line of all) assertValidDefinition('ndjsonLine', line);
    // Not vacuous: a whole JSON envelope is not an NDJSON line.
    const envelope = JSON.parse((await runBin(['status', 'rp-div0t0awwobr', '--json'], { env: sim.env })).stdout);
    expect(() => assertValidDefinition('ndjsonLine', envelope)).toThrow(/does not match/);
  });

  it('--watch off a terminal: every line is a changeEvent', async () => {
    const status = await runBin(['status', 'rp-div0t0awwobr', 'rp-fullload0001', '--watch', '--until', 'syncing', '--any'], { env: sim.env });
    const batch = await runBin(['batch', DRS_JOBS.syncing, '--watch', '--until', 'syncing'], { env: sim.env });
    expect(status.code, status.stderr).toBe(0);
    expect(batch.code, batch.stderr).toBe(0);
    const events = [...lines(status.stdout), ...lines(batch.stdout)];
    expect(events.map((e) => [e.provider, e.from, e.phase])).toEqual([
      ['ninedata', null, 'syncing'],
      ['ninedata', null, 'running'],
      ['huawei', null, 'syncing'],
    ]);
    for (const event of events) assertValidDefinition('changeEvent', event);
    expect(() => assertValidDefinition('changeEvent', { ...events[0], lagMs: '672' })).toThrow(/lagMs/);
  });
});
