import { afterEach, describe, expect, it } from 'vitest';
import { collect } from '../../src/core/report.js';
import { makeResult } from '../../src/core/model.js';
import { deeplyNestedJson } from '../../src/sim/faults.js';
import { DRS_JOBS, STARROCKS_SMALL } from '../../src/providers/huawei/sim/scenario.js';
import type { Fault } from '../../src/sim/types.js';
import { runVirtual, startVirtualSim, type VirtualSim } from '../inproc.js';
import { assertValidOutput } from '../schema.js';

// "One bad answer hides nothing, and never crashes": hostile and malformed answers from the simulator
// (faults of type malformed, compressed, bom), run in-process. A malformed answer is that id's error
// (exit 5), the other ids print as usual, and no answer can reach exit 70.

let sim: VirtualSim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function run(faults: Fault[], argv: string[]) {
  sim = await startVirtualSim({ faults });
  const res = await runVirtual(sim, argv);
  expect(res.stderr, 'never an internal error').not.toMatch(/internal error|call stack/i);
  expect(res.code, res.stderr).not.toBe(70);
  return res;
}

const json = (stdout: string) => {
  const out = JSON.parse(stdout);
  assertValidOutput(out);
  return out as { results: any[]; errors: any[] };
};

const GOOD = 'rp-fullload0001';
const BAD = 'rp-div0t0awwobr';
const onlyBad = (fault: Omit<Fault, 'type'>): Fault => ({ type: 'malformed', service: 'ninedata', id: BAD, ...fault });

describe('a malformed answer is that id\'s error (exit 5); the others print', () => {
  it.each([
    ['an object', {}, 'data.subTaskList is an object, not a list'],
    ['[null]', [null], 'data.subTaskList[0] is null, not an object'],
    ['a string', 'schema,full', 'data.subTaskList is a string, not a list'],
  ])('NineData subTaskList as %s', async (_what, value, said) => {
    const res = await run([onlyBad({ set: { 'data.subTaskList': value } })], ['status', BAD, GOOD]);
    expect(res.code).toBe(5);
    const out = json(res.stdout);
    expect(out.results.map((r) => [r.id, r.phase])).toEqual([[GOOD, 'running']]);
    expect(out.errors).toEqual([expect.objectContaining({ id: BAD, code: 'MALFORMED_ANSWER', message: `malformed answer: ${said}` })]);
    expect(res.stderr).toContain(`error: ${BAD}: malformed answer: ${said}`);
  });

  it('NineData data that is not an object, and precheck items that are not a list', async () => {
    let res = await run([onlyBad({ set: { data: [1, 2] } })], ['status', BAD, GOOD]);
    expect(res.code).toBe(5);
    expect(json(res.stdout).errors[0]).toMatchObject({ id: BAD, message: 'malformed answer: data is an array, not an object' });
    await sim!.close();
    res = await run([{ type: 'malformed', id: 'rp-div0qqpbffio', set: { 'data.items': { 0: 'x' } } }], ['precheck', 'rp-div0qqpbffio', 'rp-precheckok01']);
    expect(res.code).toBe(5);
    const out = json(res.stdout);
    expect(out.results.map((r) => r.id)).toEqual(['rp-precheckok01']);
    expect(out.errors[0]).toMatchObject({ id: 'rp-div0qqpbffio', code: 'MALFORMED_ANSWER' });
  });

  it('a table shows the error row beside the good one', async () => {
    const res = await run([onlyBad({ set: { 'data.subTaskList': {} } })], ['status', BAD, GOOD, '-o', 'table', '--wide']);
    expect(res.code).toBe(5);
    expect(res.stdout).toMatch(new RegExp(`^${BAD}\\s+error\\s+MALFORMED_ANSWER`, 'm'));
    expect(res.stdout).toMatch(new RegExp(`^${GOOD}\\s+running`, 'm'));
  });

  it('StarRocks replications that are not a list of objects: the instance\'s error', async () => {
    const res = await run([{ type: 'malformed', service: 'huawei', set: { replications: [{ task_name: 'a' }, 7] } }], ['starrocks', STARROCKS_SMALL]);
    expect(res.code).toBe(5);
    expect(json(res.stdout).errors[0]).toMatchObject({ id: STARROCKS_SMALL, message: 'malformed answer: replications[1] is a number (7), not an object' });
  });

  it('UCloud Data that is not an object', async () => {
    const res = await run([{ type: 'malformed', service: 'ucloud', id: 'udts-ixdp441', set: { Data: 'Syncing' } }], ['udts', 'udts-ixdp441', 'udts-done0001']);
    expect(res.code).toBe(5);
    const out = json(res.stdout);
    expect(out.results.map((r) => r.id)).toEqual(['udts-done0001']);
    expect(out.errors[0]).toMatchObject({ id: 'udts-ixdp441', message: 'malformed answer: Data is a string, not an object' });
  });
});

describe('5,000 levels of nesting never crash a run', () => {
  const deepValue: Fault = { type: 'malformed', service: 'huawei', nest: { 'results.1.error_message': 5000 } };
  const deepText: Fault = { type: 'malformed', service: 'huawei', set: { 'results.1.error_message': deeplyNestedJson(5000) } };

  it.each(['json', 'ndjson', 'tsv', 'table'])('DRS error_message nested 5,000 deep (-o %s): dropped with a warning, every row printed', async (format) => {
    const res = await run([deepValue], ['batch', DRS_JOBS.syncing, DRS_JOBS.failed, '-o', format]);
    expect(res.code, res.stderr).toBe(1); // the failed job, as without the nesting
    expect(res.stderr).toContain(`warning: ${DRS_JOBS.failed}: ignored error_message (an array, not text) in the answer`);
    expect(res.stdout).toContain(DRS_JOBS.syncing);
    expect(res.stdout).toContain(DRS_JOBS.failed);
    if (format === 'json') expect(json(res.stdout).results.map((r) => [r.id, r.phase, r.message])).toEqual([[DRS_JOBS.syncing, 'syncing', null], [DRS_JOBS.failed, 'failed', null]]);
  });

  it('DRS error_message that is the text of 5,000-deep JSON: kept as the text it is', async () => {
    const res = await run([deepText], ['batch', DRS_JOBS.syncing, DRS_JOBS.failed]);
    expect(res.code).toBe(1);
    expect(json(res.stdout).results[1].message).toHaveLength(deeplyNestedJson(5000).length);
  });

  it('a 5,000-deep service error (Huawei error_msg, NineData message) is that id\'s error', async () => {
    let res = await run([{ type: 'malformed', service: 'huawei', status: 400, body: `{"error_code":"DRS.M00202","error_msg":${deeplyNestedJson(5000)}}` }], ['batch', DRS_JOBS.syncing]);
    expect(res.code).toBe(4);
    expect(json(res.stdout).errors[0]).toMatchObject({ code: 'DRS.M00202', message: 'HTTP 400' });
    await sim!.close();
    res = await run([{ type: 'malformed', service: 'ninedata', id: BAD, set: { success: false, data: null, errorCode: { x: 1 } }, nest: { message: 5000 } }], ['status', BAD, GOOD]);
    expect(res.code).toBe(4);
    const out = json(res.stdout);
    expect(out.errors[0]).toMatchObject({ id: BAD, code: 'API_ERROR', message: 'NineData request failed (HTTP 200)' });
    expect(out.results.map((r) => r.id)).toEqual([GOOD]);
  });

  it.each(['table', 'json', 'junit', 'github', 'tsv'])('a precheck item message nested 5,000 deep (-o %s)', async (format) => {
    const res = await run([{ type: 'malformed', id: 'rp-div0qqpbffio', nest: { 'data.items.1.message': 5000 } }], ['precheck', 'rp-div0qqpbffio', 'rp-precheckok01', '-o', format]);
    expect(res.code, res.stderr).toBe(1); // the failed precheck, as without the nesting
    expect(res.stderr).toMatch(/warning: rp-div0qqpbffio: ignored items\[1\]\.message \(an? \w+, not text\) in the answer/);
    expect(res.stdout).toContain('rp-precheckok01');
    if (format === 'json') json(res.stdout);
  });
});

describe('values of the wrong type or range are normalized', () => {
  it('negative progress and lag, objects and numbers where text belongs (UDTS)', async () => {
    const res = await run([{ type: 'malformed', service: 'ucloud', set: { 'Data.Progress.Percentage': -5, 'Data.Progress.RedisDelayTime': -3, 'Data.FailedMessage': { why: 1 }, 'Data.Sync': { BinlogName: ['x'], BinlogGTID: 42 } } }], ['udts', 'udts-dumping1']);
    const row = json(res.stdout).results[0];
    expect(row).toMatchObject({ id: 'udts-dumping1', status: 'Dumping', progress: 0, lagMs: null, message: null });
    expect(row.details.binlog).toEqual({ name: null, position: null, gtid: '42' });
    expect(res.stderr).toContain('warning: udts-dumping1: ignored Progress.RedisDelayTime (a number (-3), a negative lag), FailedMessage (an object, not text), Sync.BinlogName (an array, not text) in the answer');
  });

  it('a status that is an object is no status (shown as unknown, with a warning), never "[object Object]"', async () => {
    const res = await run([{ type: 'malformed', service: 'ucloud', set: { 'Data.Status': { a: 1 } } }], ['udts', 'udts-ixdp441', '-o', 'table']);
    expect(res.code).toBe(0);
    expect(res.stdout).not.toContain('[object');
    expect(res.stderr).toContain('ignored Status (an object, not text)');
  });

  it('NineData subtask numbers out of range, and a number where text belongs', async () => {
    const res = await run([onlyBad({ set: { 'data.status': 7, 'data.subTaskList.2.delay': -672, 'data.subTaskList.1.percent': 250 } })], ['status', BAD]);
    const row = json(res.stdout).results[0];
    expect(row).toMatchObject({ id: BAD, status: '7', phase: 'unknown', lagMs: null });
    expect(row.details.subtasks[1].progress).toBe(100);
  });

  it('StarRocks: objects where text belongs, negative and huge percentages, an empty task name', async () => {
    const res = await run([{ type: 'malformed', service: 'huawei', set: { 'replications.0.status': { a: 1 }, 'replications.0.task_name': '', 'replications.1.percentage': -4, 'replications.2.percentage': '1e400', 'replications.3.stage': ['full'] } }], ['starrocks', STARROCKS_SMALL, '--json']);
    const rows = json(res.stdout).results;
    expect(rows[0]).toMatchObject({ id: '(unnamed)', status: null });
    expect(rows[1].progress).toBe(0);
    expect(rows[2].progress).toBeNull();
    expect(rows[3]).toMatchObject({ stage: null, details: expect.objectContaining({ stage: null }) });
  });

  it('a status named like an Object.prototype member is just unknown (DRS, StarRocks)', async () => {
    let res = await run([{ type: 'malformed', service: 'huawei', set: { 'results.0.status': 'constructor', 'results.0.error_code': { a: 1 } } }], ['batch', DRS_JOBS.syncing, '-o', 'table']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/unknown\s+constructor/);
    await sim!.close();
    res = await run([{ type: 'malformed', service: 'huawei', set: { 'replications.0.status': 'constructor', 'replications.1.stage': '__proto__' } }], ['starrocks', STARROCKS_SMALL, '--json']);
    expect(json(res.stdout).results.slice(0, 2).map((r) => r.phase)).toEqual(['unknown', 'unknown']);
  });

  it.each(['table', 'junit', 'github'])('a precheck verdict or item status named like an Object.prototype member (-o %s)', async (format) => {
    const res = await run([{ type: 'malformed', id: 'rp-div0qqpbffio', set: { 'data.precheckStatus': 'constructor', 'data.items.0.status': 'toString' } }], ['precheck', 'rp-div0qqpbffio', '-o', format]);
    expect([0, 1]).toContain(res.code);
    expect(res.stdout).toContain('rp-div0qqpbffio');
  });
});

describe('the row is about the id asked for', () => {
  const otherAnswer: Fault = { type: 'malformed', service: 'ninedata', id: GOOD, set: { 'data.replicationId': BAD, 'data.status': 'running', 'data.currentSubTaskType': 'inc_writer' } };

  it('an answer about another replication is an error for the id asked (exit 5)', async () => {
    const res = await run([otherAnswer], ['status', GOOD]);
    expect(res.code).toBe(5);
    const out = json(res.stdout);
    expect(out.results).toEqual([]);
    expect(out.errors[0]).toMatchObject({ id: GOOD, code: 'ID_MISMATCH' });
    expect(out.errors[0].message).toContain(`the answer is about replication ${BAD}, not ${GOOD} as asked`);
  });

  it('so --until syncing never passes on another task\'s state', async () => {
    const res = await run([otherAnswer], ['status', GOOD, '--until', 'syncing', '--timeout', '1m']);
    expect(res.code).toBe(6);
    expect(res.stderr).toMatch(/^error: timed out after 1m00s waiting for "every task syncing": .*the answer is about replication/m);
  });

  it('and the precheck too', async () => {
    const res = await run([{ type: 'malformed', id: 'rp-div0qqpbffio', set: { 'data.replicationId': 'rp-precheckok01' } }], ['precheck', 'rp-div0qqpbffio']);
    expect(res.code).toBe(5);
    expect(json(res.stdout).errors[0]).toMatchObject({ id: 'rp-div0qqpbffio', code: 'ID_MISMATCH' });
  });
});

describe('the safety net under every provider', () => {
  const row = (id: string) => makeResult({ provider: 'ninedata', kind: 'replication', id, phase: 'running', status: 'running', observedAt: '2026-01-01T00:00:00.000Z' });

  it('a TypeError or RangeError while reading one answer is that id\'s malformed answer; the stack goes to --debug', async () => {
    const debug: string[] = [];
    const report = await collect(['a', 'b', 'c'], 2, 'ninedata', (id) => id, async (id) => {
      if (id === 'a') (null as unknown as { x: number }).x;
      if (id === 'c') throw new RangeError('Maximum call stack size exceeded');
      return { results: [row(id)], raw: [] };
    }, { log: { debug: (m: string) => debug.push(m) } as never });
    expect(report.results.map((r) => r.id)).toEqual(['b']);
    expect(report.errors.map((e) => [e.id, e.code, e.exitCode, e.message])).toEqual([
      ['a', 'MALFORMED_ANSWER', 5, expect.stringMatching(/^malformed answer: unreadable \(Cannot read properties of null/)],
      ['c', 'MALFORMED_ANSWER', 5, 'malformed answer: nested too deeply to read'],
    ]);
    expect(debug.join('\n')).toContain('TypeError: Cannot read properties of null');
  });

  it('any other error is still a bug, reported as one', async () => {
    await expect(collect(['a'], 1, 'ninedata', (id) => id, async () => { throw new Error('a real bug'); }, { log: { debug: () => {} } as never })).rejects.toThrow('a real bug');
  });
});
