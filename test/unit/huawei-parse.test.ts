import { describe, expect, it } from 'vitest';
import { validateIds } from '../../src/core/ids.js';
import { ApiError, NetworkError } from '../../src/core/errors.js';
import { batchStatusBody, chunk, JOB_ID_RULES, pairItems } from '../../src/providers/huawei/drs.js';
import { iamEndpoint, serviceEndpoint } from '../../src/providers/huawei/endpoints.js';
import { INSTANCE_ID_RULES, normalizeStarRocks } from '../../src/providers/huawei/starrocks.js';
import { DRS_JOBS, HUAWEI_SCENARIO } from '../../src/providers/huawei/sim/scenario.js';

const AT = '2026-01-01T00:00:00.000Z';

describe('StarRocks rows', () => {
  it("normalizes the docs' own example: Incremental, numbers, null catchup stage", () => {
    const r = normalizeStarRocks('i1', { source_database: 'source_database', target_database: 'target_database', task_name: 'task_name', status: 'Yes', stage: 'Incremental', percentage: 100, catchup_stage: null, catchup_percentage: 0 }, AT);
    expect(Object.keys(r)).toEqual(['provider', 'kind', 'id', 'phase', 'status', 'progress', 'lagMs', 'stage', 'message', 'observedAt', 'details']);
    // The display stage in one spelling; the raw one stays in details.
    expect(r).toMatchObject({ provider: 'huawei', kind: 'starrocks', id: 'task_name', phase: 'syncing', status: 'Yes', progress: 100, lagMs: null, stage: 'incremental' });
    expect(r.details).toEqual({ instanceId: 'i1', sourceDatabase: 'source_database', targetDatabase: 'target_database', stage: 'Incremental', catchupStage: null, catchupProgress: 0 });
  });

  it('takes numbers as strings, and drops what is not a number', () => {
    const r = normalizeStarRocks('i1', { task_name: 't', status: 'Yes', stage: 'full', percentage: '42.5', catchup_percentage: 'n/a' }, AT);
    expect(r.progress).toBe(42.5);
    expect(r.details.catchupProgress).toBeNull();
    expect(normalizeStarRocks('i1', { task_name: 't', percentage: '' }, AT).progress).toBeNull();
  });
});

describe('DRS answers', () => {
  const ids = ['9a470239-2308-4bb5-a6bc-1040402fjb21', 'dc67695a-ee3e-49b8-a022-a099bd81jb21'];

  it('always asks for every result (per_page 0)', () => {
    expect(JSON.parse(batchStatusBody(ids))).toEqual({ jobs: ids, page_req: { cur_page: 1, per_page: 0 } });
  });

  it('pairs results by id, in any order', () => {
    const out = pairItems(ids, { results: [{ id: ids[1], status: 'FULL_TRANSFER_STARTED' }, { id: ids[0], status: 'INCRE_TRANSFER_STARTED' }] }, 'rq', AT);
    expect(out.get(ids[0])).toMatchObject({ result: { phase: 'syncing' } });
    expect(out.get(ids[1])).toMatchObject({ result: { phase: 'running', details: {} } });
  });

  it('reads the "jobs" key too, and pairs items without ids by position when the counts match, saying so', () => {
    const out = pairItems(ids, { jobs: [{ status: 'INCRE_TRANSFER_STARTED' }, { status: 'INCRE_TRANSFER_FAILED' }], count: 2 }, null, AT);
    expect(out.get(ids[0])).toMatchObject({ result: { id: ids[0], phase: 'syncing', details: { pairedByPosition: true } } });
    expect(out.get(ids[1])).toMatchObject({ result: { id: ids[1], phase: 'failed', details: { pairedByPosition: true } } });
  });

  it('refuses to guess when items without ids do not match the count', () => {
    const out = pairItems(ids, { jobs: [{ status: 'INCRE_TRANSFER_STARTED' }] }, 'rq', AT);
    for (const id of ids) {
      const o = out.get(id) as { error: NetworkError };
      expect(o.error).toBeInstanceOf(NetworkError);
      expect(o.error.message).toContain('cannot tell which is which');
    }
  });

  it('turns a per-item error code without status into that id’s error, with the request id', () => {
    const out = pairItems(ids, { results: [{ id: ids[0], status: 'INCRE_TRANSFER_STARTED' }, { id: ids[1], error_code: 'DRS.M05003', error_message: 'The job does not exist.' }] }, 'rq-1', AT);
    const e = (out.get(ids[1]) as { error: ApiError }).error;
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ code: 'DRS.M05003', message: 'The job does not exist.', requestId: 'rq-1', exitCode: 4 });
  });

  it("keeps a failed job's own error code on its row", () => {
    const out = pairItems([ids[0]], { results: [{ id: ids[0], status: 'FULL_TRANSFER_FAILED', error_code: 'DRS.10000010', error_message: 'connection refused' }] }, null, AT);
    expect(out.get(ids[0])).toMatchObject({ result: { phase: 'failed', message: 'connection refused', details: { errorCode: 'DRS.10000010' } } });
  });

  it('reports an id the answer left out, and a body with no list', () => {
    const out = pairItems(ids, { results: [{ id: ids[0], status: 'CREATING' }] }, null, AT);
    expect((out.get(ids[1]) as { error: ApiError }).error.message).toBe(`DRS returned no status for job ${ids[1]}`);
    expect(() => pairItems(ids, {}, null, AT)).toThrow(/without a results list/);
  });

  it('chunks 250 ids as 100, 100, 50', () => {
    expect(chunk(Array.from({ length: 250 }, (_, i) => i), 100).map((c) => c.length)).toEqual([100, 100, 50]);
  });
});

describe('id shapes', () => {
  it('accepts the documented job ids and every id in the default scenario', () => {
    const good = ['9a470239-2308-4bb5-a6bc-1040402fjb21', '9a470239-2308-4bb5-a6bc-104040fjb101', '9a470239-2308-4bb5-a6bc-104040fjb20r', ...Object.keys(HUAWEI_SCENARIO.jobs!), ...Object.values(DRS_JOBS)];
    for (const id of good) expect(JOB_ID_RULES.pattern.test(id), id).toBe(true);
  });

  it.each([
    ['9a470239-2308-4bb5-a6bc-1040402f0b21', 'no jb'],
    ['9a470239-2308-4bb5-a6bc-1040402fjb2', '35 characters'],
    ['9a470239-2308-4bb5-a6bc-10404fjb2101', 'jb and 4 more'],
    ['9a4702392308-4bb5-a6bc-1040402fjb21x', 'not UUID-shaped'],
  ])('warns about %s (%s) but lets the service judge it', (id) => {
    expect(validateIds([id], JOB_ID_RULES)).toEqual([expect.stringMatching(new RegExp(`^${id} does not look like a job id .*; querying it anyway$`))]);
  });

  it('takes both documented instance id suffixes, in07 and in17, and only warns about other shapes', () => {
    expect(validateIds(['a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4in17', 'b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5in07'], INSTANCE_ID_RULES)).toEqual([]);
    for (const id of ['a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3in17', 'a1b2c3d4-e5f6-a1b2-c3d4-e5f6a1b2in17']) {
      expect(validateIds([id], INSTANCE_ID_RULES), id).toEqual([expect.stringContaining(`${id} does not look like an instance id`)]);
    }
  });

  it('refuses only what is unsafe in a URL or a signature, empty, or repeated', () => {
    for (const id of ['', 'a b', 'a/b', '../x', 'a?b', 'a#b', 'a%2Fb', 'é']) expect(() => validateIds([id], INSTANCE_ID_RULES), id).toThrow(/malformed instance id/);
  });
});

describe('endpoints', () => {
  it.each([
    ['cn-north-4', 'https://gaussdb.cn-north-4.myhuaweicloud.com'],
    ['ap-southeast-1', 'https://gaussdbformysql.ap-southeast-1.myhuaweicloud.com'],
    ['cn-east-5', 'https://gaussdb-mysql.cn-east-5.myhuaweicloud.com'],
    ['xx-nowhere-9', 'https://gaussdb.xx-nowhere-9.myhuaweicloud.com'],
  ])('TaurusDB in %s is %s', (region, url) => {
    expect(serviceEndpoint('gaussdb', region)).toBe(url);
  });

  it('DRS and IAM follow the region, the EU region its own domain', () => {
    expect(serviceEndpoint('drs', 'cn-north-4')).toBe('https://drs.cn-north-4.myhuaweicloud.com');
    expect(serviceEndpoint('drs', 'eu-west-101')).toBe('https://drs.eu-west-101.myhuaweicloud.eu');
    expect(iamEndpoint('ap-southeast-3')).toBe('https://iam.ap-southeast-3.myhuaweicloud.com');
    expect(iamEndpoint('eu-west-101')).toBe('https://iam.eu-west-101.myhuaweicloud.eu');
  });

  it.each(['cn-south-4', 'cn-north-11', 'cn-southwest-3', 'ru-northwest-2', 'af-north-1', 'ap-southeast-5', 'xx-nowhere-9'])(
    'IAM in %s, a region without a regional IAM endpoint in the SDKs, is the global one',
    (region) => expect(iamEndpoint(region)).toBe('https://iam.myhuaweicloud.com'),
  );
});
