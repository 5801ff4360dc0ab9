import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SCENARIO } from '../sims.js';
import type { SimTask } from '../../src/sim/types.js';
import { suites, tags } from '../helpers.js';
import { runVirtual, startVirtualSim, type VirtualSim } from '../inproc.js';

// precheck --wait runs on the one wait engine: tested in-process on a virtual clock.

const PRECHECKS = DEFAULT_SCENARIO.ninedata!.prechecks!;
const STATUS_PATH = '/openapi/v1/replication/status';
const PRECHECK_PATH = '/openapi/v1/replication/precheck/status';
const PASSED_ITEMS = PRECHECKS['rp-precheckok01'];
const STALE_FAILURE = { precheckStatus: 'failure', items: PRECHECKS['rp-div0qqpbffio'].items };
const STUCK: SimTask = { status: 'preChecking', stage: 'schema' };
const FINISHING: SimTask = { timeline: [{ for: 45, status: 'preChecking', stage: 'schema' }, { status: 'preCheckSuccess', stage: 'schema' }] };

let sim: VirtualSim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function withPrechecks(replications: Record<string, SimTask>, prechecks: Record<string, SimTask>): Promise<VirtualSim> {
  sim = await startVirtualSim({ ninedata: { replications, prechecks } });
  return sim;
}

const polls = (s: VirtualSim, path: string, id: string) => s.requests.filter((r) => r.path === path && r.query.includes(id)).length;

describe('precheck --wait', () => {
  it('polls the task status while the precheck runs, then reports the finished precheck', async () => {
    const s = await withPrechecks({ 'rp-prechecking1': FINISHING }, { 'rp-prechecking1': { timeline: [{ for: 45, ...STALE_FAILURE }, PASSED_ITEMS] }, 'rp-precheckok01': PASSED_ITEMS });
    const res = await runVirtual(s, ['precheck', 'rp-prechecking1', 'rp-precheckok01', '--wait', '--interval', '10s', '--json']);
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout).results.map((r: any) => [r.id, r.status])).toEqual([['rp-prechecking1', 'success'], ['rp-precheckok01', 'success']]);
    expect(polls(s, STATUS_PATH, 'rp-prechecking1')).toBe(6); // 0, 10 … 50 s
    // Settled ids are not polled again (this one's task status is "not found": the precheck answers).
    expect(polls(s, STATUS_PATH, 'rp-precheckok01')).toBe(1);
    expect(polls(s, PRECHECK_PATH, 'rp-prechecking1')).toBe(1);
    expect(res.stderr).toMatch(/^waiting for the precheck to finish \(rp-prechecking1 is preChecking\); polling every 10s for up to 30m00s$/m);
    expect(res.stderr).toMatch(/^precheck finished after 50s \(6 status polls\)$/m);
  });

  it('times out with exit 6: a CI report still comes out, the unfinished precheck as an error, never its stale verdict', async () => {
    const s = await withPrechecks({ 'rp-prechkstuck1': STUCK, 'rp-prechecking1': FINISHING }, { 'rp-prechkstuck1': STALE_FAILURE, 'rp-prechecking1': PASSED_ITEMS });
    const res = await runVirtual(s, ['precheck', 'rp-prechkstuck1', 'rp-prechecking1', '--wait', '--timeout', '2m', '-o', 'junit']);
    expect(res.code).toBe(6);
    expect(res.stderr).toMatch(/^error: rp-prechkstuck1: timed out after 2m00s waiting for the precheck to finish \(last seen: rp-prechkstuck1 is preChecking\)\. Give it longer with --timeout/m);
    const [stuck, done] = suites(res.stdout);
    expect(stuck.attrs).toMatchObject({ name: 'rp-prechkstuck1', tests: '1', errors: '1', failures: '0' });
    expect(tags(stuck.xml, 'error')[0]).toMatchObject({ type: 'WAIT_TIMEOUT' });
    expect(done.attrs).toMatchObject({ name: 'rp-prechecking1', failures: '0', errors: '0' });
    expect(polls(s, PRECHECK_PATH, 'rp-prechkstuck1')).toBe(0);
    expect(polls(s, PRECHECK_PATH, 'rp-prechecking1')).toBe(1);

    const github = await runVirtual(s, ['precheck', 'rp-prechkstuck1', '--wait', '--timeout', '30s', '-o', 'github']);
    expect(github.code).toBe(6);
    expect(github.stdout).toMatch(/^::error title=Precheck rp-prechkstuck1::timed out after 30s waiting for the precheck to finish/m);
  });

  it('Ctrl-C: exit 130, still a report (every id INTERRUPTED), and what it was waiting for', async () => {
    const s = await withPrechecks({ 'rp-prechkstuck1': STUCK }, { 'rp-prechkstuck1': STALE_FAILURE });
    const res = await runVirtual(s, ['precheck', 'rp-prechkstuck1', '--wait', '-o', 'junit'], { onSleep: (n) => (n === 2 ? 'SIGINT' : undefined) });
    expect(res.code).toBe(130);
    expect(res.stderr).toMatch(/^interrupted after 10s waiting for the precheck to finish; last seen: rp-prechkstuck1 is preChecking$/m);
    expect(tags(res.stdout, 'error')[0]).toMatchObject({ type: 'INTERRUPTED' });
    const term = await runVirtual(s, ['precheck', 'rp-prechkstuck1', '--wait', '--json'], { onSleep: () => 'SIGTERM' });
    expect(term.code).toBe(143);
    expect(JSON.parse(term.stdout).errors[0]).toMatchObject({ id: 'rp-prechkstuck1', code: 'INTERRUPTED' });
  });

  it('off a terminal, heartbeats say what it still waits for', async () => {
    const s = await withPrechecks({ 'rp-prechkstuck1': STUCK }, { 'rp-prechkstuck1': STALE_FAILURE });
    const res = await runVirtual(s, ['precheck', 'rp-prechkstuck1', '--wait', '--timeout', '3m', '--heartbeat', '1m', '--json']);
    expect(res.code).toBe(6);
    expect(res.stderr).toMatch(/^\[heartbeat\] 2026-11-25T10:01:0\d\.\d{3}Z still waiting for the precheck to finish after 1m0\ds: rp-prechkstuck1 is preChecking$/m);
  });
});

describe('precheck without --wait never reports a stale verdict', () => {
  it('a task still prechecking is PRECHECK_RUNNING (exit 6), in every format; finished ones are reported', async () => {
    const s = await withPrechecks({ 'rp-prechkstuck1': STUCK }, { 'rp-prechkstuck1': STALE_FAILURE, 'rp-precheckok01': PASSED_ITEMS });
    const res = await runVirtual(s, ['precheck', 'rp-prechkstuck1', 'rp-precheckok01', '--json']);
    expect(res.code).toBe(6);
    expect(JSON.parse(res.stdout)).toMatchObject({ results: [{ id: 'rp-precheckok01', status: 'success' }], errors: [{ id: 'rp-prechkstuck1', code: 'PRECHECK_RUNNING' }] });
    expect(res.stderr).toMatch(/^error: rp-prechkstuck1: the precheck is still running \(task status preChecking\)/m);
    const junit = await runVirtual(s, ['precheck', 'rp-prechkstuck1', '-o', 'junit']);
    expect(tags(junit.stdout, 'error')[0]).toMatchObject({ type: 'PRECHECK_RUNNING' });
    expect(junit.stdout).not.toContain('<failure');
  });

  it('--fail-on warning: the table says FAILED ON WARNINGS when it exits 1, and stderr says why', async () => {
    const s = await withPrechecks({}, { 'rp-precheckwarn': PRECHECKS['rp-precheckwarn'] });
    const res = await runVirtual(s, ['precheck', 'rp-precheckwarn', '--fail-on', 'warning', '-o', 'table']);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('precheck FAILED ON WARNINGS (--fail-on warning)');
    expect(res.stdout).not.toContain('PASSED WITH WARNINGS');
    expect(res.stderr).toMatch(/^error: rp-precheckwarn precheck failed on warnings \(--fail-on warning\): \d+ failing items?: /m);
  });
});
