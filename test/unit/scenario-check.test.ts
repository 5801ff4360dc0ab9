import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { DEFAULT_SCENARIO, SIMS } from '../sims.js';
import { loadScenario } from '../../src/sim/default-scenario.js';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkScenario, closest } from '../../src/sim/scenario-check.js';
import { isolatedDir } from '../helpers.js';

const problem = (scenario: unknown): string => {
  try {
    checkScenario(scenario, SIMS);
  } catch (err) {
    return (err as Error).message;
  }
  return 'no problem';
};

const nd = (task: unknown) => ({ ninedata: { replications: { 'rp-x': task } } });

describe('scenario validation', () => {
  it('accepts the built-in scenario and every scenario shipped in scenarios/', () => {
    expect(problem(DEFAULT_SCENARIO)).toBe('no problem');
    const dir = new URL('../../scenarios/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(problem(JSON.parse(readFileSync(new URL(file, dir), 'utf8'))), file).toBe('no problem');
  });

  it.each([
    // the file as a whole, and its sections
    [[], 'must hold a JSON object, not an array'],
    [{ huwei: {} }, 'huwei is not a known section (did you mean huawei?)'],
    [{ extras: {} }, 'extras is not a known section (known: credentials, ninedata, ucloud, huawei, faults)'],
    [{ ninedata: [] }, 'ninedata must be an object, not an array'],
    [{ ninedata: { replication: {} } }, 'ninedata.replication is not a known field (did you mean replications?)'],
    [{ ucloud: { tasks: [] } }, 'ucloud.tasks must be an object keyed by id, not an array'],
    // tasks and their fields
    [nd('running'), 'ninedata.replications.rp-x must be an object (a task), not "running"'],
    [nd({ stauts: 'running' }), 'ninedata.replications.rp-x.stauts is not a known field (did you mean status?)'],
    [nd({ status: 3 }), 'ninedata.replications.rp-x.status must be a non-empty string, not 3'],
    [nd({ percent: 150 }), 'ninedata.replications.rp-x.percent must be a number from 0 to 100 (or a { "from", "to" } ramp), not 150'],
    [nd({ delay: '5s' }), 'ninedata.replications.rp-x.delay must be a number of milliseconds >= 0 (or a { "from", "to" } ramp), not "5s"'],
    [nd({ subtasks: [] }), 'ninedata.replications.rp-x.subtasks must have at least 1 item'],
    [{ ninedata: { prechecks: { 'rp-x': { precheckStatus: 'success', items: ['ok'] } } } }, 'ninedata.prechecks.rp-x.items[0] must be an object (a check item), not "ok"'],
    [{ huawei: { instances: { i1: { generate: 1.5 } } } }, 'huawei.instances.i1.generate must be an integer >= 0, not 1.5'],
    [{ huawei: { instances: { i1: { task: [] } } } }, 'huawei.instances.i1.task is not a known field (did you mean tasks?)'],
    [{ huawei: { instances: { i1: { tasks: [{ stage: 'full', percentage: { from: 0 } }] } } } }, 'huawei.instances.i1.tasks[0].percentage.to is missing'],
    // timelines and ramps
    [nd({ timeline: [] }), 'ninedata.replications.rp-x.timeline must be a non-empty array of steps, not an array'],
    [nd({ timeline: [{ for: 1 }, { for: -1 }] }), 'ninedata.replications.rp-x.timeline[1].for must be a number of seconds >= 0, not -1'],
    [nd({ timeline: [{ for: '2s' }] }), 'ninedata.replications.rp-x.timeline[0].for must be a number of seconds >= 0, not "2s"'],
    [nd({ timeline: [{ status: 'running' }, { status: 'failed' }] }), 'ninedata.replications.rp-x.timeline[0].for is missing: only the last step may omit it (it lasts forever)'],
    [nd({ timeline: [{ for: 1, percnt: 3 }] }), 'ninedata.replications.rp-x.timeline[0].percnt is not a known field (did you mean percent?)'],
    [nd({ timeline: [{ percent: { from: 0, to: 'all' } }] }), 'ninedata.replications.rp-x.timeline[0].percent.to must be a number from 0 to 100, not "all"'],
    [nd({ timeline: [{ percent: { from: 0, too: 100 } }] }), 'ninedata.replications.rp-x.timeline[0].percent.to is missing'],
    [{ ucloud: { tasks: { u1: { timeline: [{ Percentage: { from: 0, to: 9, by: 1 } }] } } } }, 'ucloud.tasks.u1.timeline[0].Percentage.by is not a known ramp key (known: from, to)'],
    [{ huawei: { jobs: { j1: { timeline: ['CREATING'] } } } }, 'huawei.jobs.j1.timeline[0] must be an object (a timeline step), not "CREATING"'],
    // faults
    [{ faults: {} }, 'faults must be an array, not an object'],
    [{ faults: [{ ms: 300 }] }, 'faults[0].type must be one of latency, status, throttle, ratelimit, html, truncated, reset, malformed, compressed, bom, clock, not missing'],
    [{ faults: [{ type: 'latancy' }] }, 'faults[0].type must be one of latency, status, throttle, ratelimit, html, truncated, reset, malformed, compressed, bom, clock, not "latancy" (did you mean latency?)'],
    // hostile answers
    [{ faults: [{ type: 'malformed', set: [] }] }, 'faults[0].set must be an object keyed by dotted paths into the answer (e.g. "data.subTaskList"), not an array'],
    [{ faults: [{ type: 'malformed', set: { 'data..x': 1 } }] }, 'faults[0].set["data..x"] is not a dotted path (e.g. "data.subTaskList")'],
    [{ faults: [{ type: 'malformed', nest: { 'results.0.error_message': 0 } }] }, 'faults[0].nest["results.0.error_message"] must be an integer from 1 to 100000, not 0'],
    [{ faults: [{ type: 'compressed', encoding: 'zip' }] }, 'faults[0].encoding must be one of gzip, deflate, br, not "zip" (did you mean gzip?)'],
    [{ faults: [{ type: 'compressed', header: 'no' }] }, 'faults[0].header must be true or false, not "no"'],
    [{ faults: [{ type: 'bom', encoding: 'gzip' }] }, 'faults[0].encoding does not apply to a bom fault (its fields: service, path, id, times)'],
    [{ faults: [{ type: 'latency', ms: -5 }] }, 'faults[0].ms must be a number of milliseconds >= 0, not -5'],
    [{ faults: [{ type: 'status', status: 700 }] }, 'faults[0].status must be an integer from 100 to 599, not 700'],
    [{ faults: [{ type: 'throttle', retryAfter: '1' }] }, 'faults[0].retryAfter must be a number of seconds >= 0, not "1"'],
    [{ faults: [{ type: 'latency', status: 503 }] }, 'faults[0].status does not apply to a latency fault (its fields: ms, service, path, id, times)'],
    [{ faults: [{ type: 'reset', tims: 1 }] }, 'faults[0].tims is not a known field (did you mean times?)'],
    [{ faults: [{ type: 'reset', times: 0.5 }] }, 'faults[0].times must be an integer >= 0, not 0.5'],
    [{ faults: [{ type: 'html', service: 'nine' }] }, 'faults[0].service must be one of ninedata, ucloud, huawei, not "nine"'],
    [{ faults: [{ type: 'truncated', id: '' }] }, 'faults[0].id must be a non-empty string, not ""'],
    // credentials
    [{ credentials: { ninedata: { accessKey: 'x' } } }, 'credentials.ninedata.accessKey is not a known field (did you mean accessKeyId?)'],
    [{ credentials: { huawei: { sk: 42 } } }, 'credentials.huawei.sk must be a non-empty string, not 42'],
    [{ credentials: { azure: {} } }, 'credentials.azure is not a known field (known: ninedata, ucloud, huawei)'],
  ])('%j: %s', (scenario, message) => expect(problem(scenario)).toBe(message));

  it('accepts hostile answers: fields replaced, deep nesting, another body, compression, a BOM', () => {
    const faults = [
      { type: 'malformed', service: 'ninedata', id: 'rp-x', set: { 'data.subTaskList': {}, 'data.replicationId': 'rp-y' }, nest: { 'data.items.0.message': 5000 } },
      { type: 'malformed', body: 'not json', status: 200 },
      { type: 'malformed', body: { anything: [null] } },
      { type: 'compressed', encoding: 'br', header: false },
      { type: 'bom', times: 1 },
    ];
    expect(problem({ faults })).toBe('no problem');
  });

  it('quotes keys that are not plain words in the path', () => {
    expect(problem({ ucloud: { tasks: { 'a b': { timeline: [{ for: -1 }] } } } })).toBe('ucloud.tasks["a b"].timeline[0].for must be a number of seconds >= 0, not -1');
  });

  it('suggests only names close to the typo', () => {
    expect(closest('stauts', ['status', 'stage'])).toBe('status');
    expect(closest('Status', ['status'])).toBe('status');
    expect(closest('zzz', ['status', 'stage'])).toBeUndefined();
  });

  it('names the file and the field in the usage error', async () => {
    const file = join(isolatedDir().dir, 'bad.json');
    writeFileSync(file, JSON.stringify(nd({ timeline: [{ for: 1 }, { for: -1 }] })));
    await expect(loadScenario(file, SIMS)).rejects.toMatchObject({
      exitCode: 2,
      message: `scenario ${file}: ninedata.replications.rp-x.timeline[1].for must be a number of seconds >= 0, not -1`,
    });
  });
});
