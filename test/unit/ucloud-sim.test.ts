import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS } from '../sims.js';
import { signedParams, type ParamValue } from '../../src/providers/ucloud/sign.js';
import { startSimulator, type RunningSim } from '../../src/sim/server.js';
import { UCLOUD_SCENARIO } from '../../src/providers/ucloud/sim/scenario.js';
import { ucloudService } from '../../src/providers/ucloud/sim/service.js';

const { publicKey, privateKey, projectId } = DEMO_CREDENTIALS.ucloud;
let sim: RunningSim;
let clock = 0;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, scenario: { ucloud: UCLOUD_SCENARIO }, now: () => clock });
});
afterAll(() => sim.close());

const signed = (params: Record<string, ParamValue>, key = privateKey, pub = publicKey) => signedParams(params, pub, key);
const UDTS = { Action: 'GetUDTSTaskStatus', TaskId: 'udts-dumping1' };

async function call(init: { method?: string; query?: Record<string, string>; form?: Record<string, string>; json?: unknown }) {
  const url = `${sim.urls.ucloud}/${init.query ? `?${new URLSearchParams(init.query)}` : ''}`;
  const res = await fetch(url, {
    method: init.method ?? (init.form || init.json ? 'POST' : 'GET'),
    headers: init.json ? { 'content-type': 'application/json' } : init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
    body: init.json ? JSON.stringify(init.json) : init.form ? new URLSearchParams(init.form).toString() : undefined,
  });
  return { status: res.status, uuid: res.headers.get('x-ucloud-request-uuid'), body: (await res.json()) as Record<string, any> };
}

describe('UCloud simulator', () => {
  it('answers a signed form POST, query GET and JSON POST alike, with a request uuid', async () => {
    for (const res of [await call({ form: signed(UDTS) }), await call({ query: signed(UDTS) }), await call({ json: signed(UDTS) })]) {
      expect(res.status).toBe(200);
      expect(res.uuid).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.body).toMatchObject({ RetCode: 0, Action: 'GetUDTSTaskStatusResponse', Data: { Status: 'Dumping', Progress: { Percentage: 35, CurCount: 420000 } } });
    }
  });

  it('checks a JSON body with nested values against the flattened signature', async () => {
    const params = { ...UDTS, ProjectId: projectId, Extra: { List: [1, true] } };
    const flat = signed(params);
    const json = { Action: UDTS.Action, TaskId: UDTS.TaskId, ProjectId: projectId, Extra: { List: [1, true] }, PublicKey: publicKey, Signature: flat.Signature };
    expect((await call({ json })).body.RetCode).toBe(0);
  });

  it.each([
    ['no Action', { form: { TaskId: 'udts-dumping1' } }, 160, 'UnknownResponse'],
    ['no Signature', { form: { ...UDTS, PublicKey: publicKey } }, 170, 'GetUDTSTaskStatusResponse'],
    ['an unknown PublicKey', { form: signed(UDTS, privateKey, 'someone-else') }, 172, 'GetUDTSTaskStatusResponse'],
    ['a wrong private key', { form: signed(UDTS, 'wrong-private-key') }, 171, 'GetUDTSTaskStatusResponse'],
    ['a tampered parameter', { form: { ...signed(UDTS), TaskId: 'udts-done0001' } }, 171, 'GetUDTSTaskStatusResponse'],
    ['an unknown Action', { form: signed({ ...UDTS, Action: 'DescribeUHostInstance' }) }, 161, 'DescribeUHostInstanceResponse'],
    ['a foreign ProjectId', { form: signed({ ...UDTS, ProjectId: 'org-other' }) }, 292, 'GetUDTSTaskStatusResponse'],
    ['an unknown TaskId', { form: signed({ ...UDTS, TaskId: 'udts-nosuch01' }) }, 230, 'GetUDTSTaskStatusResponse'],
  ])('rejects %s with HTTP 200 and RetCode %i, as UCloud does', async (_what, init, retCode, action) => {
    const res = await call(init);
    expect(res.status).toBe(200);
    expect(res.uuid).toBeTruthy();
    expect(res.body).toMatchObject({ RetCode: retCode, Action: action });
    expect(res.body.Message).toEqual(expect.any(String));
    expect(res.body.Data).toBeUndefined();
  });

  it('says "not found" for an unknown task', async () => {
    expect((await call({ form: signed({ ...UDTS, TaskId: 'udts-nosuch01' }) })).body.Message).toBe('task udts-nosuch01 not found');
  });

  it('accepts a Region (the SDKs add one) and a Type', async () => {
    expect((await call({ form: signed({ ...UDTS, Region: 'cn-bj2', Type: 'transfer' }) })).body.RetCode).toBe(0);
  });

  it('plays a task timeline on the scenario clock', async () => {
    const at = async (seconds: number) => {
      clock = seconds * 1000;
      return (await call({ form: signed({ ...UDTS, TaskId: 'udts-lifecyc1' }) })).body.Data;
    };
    expect(await at(1)).toMatchObject({ Status: 'Dumping', Progress: { Percentage: 30 } });
    expect(await at(3)).toMatchObject({ Status: 'Loading', Progress: { Percentage: 80 } });
    expect(await at(10)).toMatchObject({ Status: 'Syncing', Progress: { RedisDelayTime: 1 }, Sync: { BinlogName: 'mysql-bin.000412' } });
  });

  it('throttles with HTTP 200 and RetCode 153, then answers', async () => {
    const throttled = await startSimulator({ port: 0, scenario: { ucloud: UCLOUD_SCENARIO, faults: [{ type: 'throttle', service: 'ucloud', times: 1, retryAfter: 0 }] } });
    try {
      const first = await fetch(`${throttled.urls.ucloud}/`, { method: 'POST', body: new URLSearchParams(signed(UDTS)) });
      expect(first.status).toBe(200);
      expect(first.headers.get('x-ucloud-request-uuid')).toBeTruthy();
      expect(await first.json()).toMatchObject({ RetCode: 153, Action: 'GetUDTSTaskStatusResponse' });
      const second = await fetch(`${throttled.urls.ucloud}/`, { method: 'POST', body: new URLSearchParams(signed(UDTS)) });
      expect(await second.json()).toMatchObject({ RetCode: 0 });
    } finally {
      await throttled.close();
    }
  });

  it('claims only calls to the API root, leaving other paths to the other services', () => {
    const req = (method: string, path: string, query = '') => ({ method, path, query: new URLSearchParams(query), headers: {}, body: '', host: '' });
    expect(ucloudService.matches(req('POST', '/'))).toBe(true);
    expect(ucloudService.matches(req('GET', '/', 'Action=GetUDTSTaskStatus'))).toBe(true);
    expect(ucloudService.matches(req('GET', '/'))).toBe(false);
    expect(ucloudService.matches(req('POST', '/v3/p/jobs/batch-status'))).toBe(false);
    expect(ucloudService.matches(req('GET', '/openapi/v1/replication/status', 'Action=x'))).toBe(false);
  });
});
