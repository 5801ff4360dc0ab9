import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS } from '../../src/sim/credentials.js';
import { DEFAULT_SCENARIO } from '../../src/sim/default-scenario.js';
import { assertValidOutput } from '../schema.js';
import { parseJson, runBin, startSim } from '../helpers.js';

let sim: Awaited<ReturnType<typeof startSim>>;
beforeAll(async () => {
  sim = await startSim();
});
afterAll(() => sim.close());

describe('syncstat udts', () => {
  it('prints normalized JSON rows with progress, lag and binlog position', async () => {
    const res = await runBin(['udts', 'udts-dumping1', 'udts-ixdp441', '--project-id', DEMO_CREDENTIALS.ucloud.projectId, '--type', 'transfer'], { env: sim.env });
    expect(res.code).toBe(0);
    const out = parseJson(res.stdout);
    assertValidOutput(out);
    expect(out.results[0]).toMatchObject({ provider: 'ucloud', kind: 'udts', id: 'udts-dumping1', phase: 'running', progress: 35, details: { curCount: 420000 } });
    expect(out.results[1]).toMatchObject({ phase: 'syncing', lagMs: 3000, details: { binlog: { name: 'mysql-bin.000412', position: 81723 } } });
    const sent = new URLSearchParams(sim.requests.at(-1)!.body);
    expect(sent.get('Action')).toBe('GetUDTSTaskStatus');
    expect(sent.get('ProjectId')).toBe(DEMO_CREDENTIALS.ucloud.projectId);
    expect(sent.get('Type')).toBe('transfer');
    expect(sent.has('Region')).toBe(false); // only when set
    expect(sim.requests.at(-1)!.headers['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it('prints a table, warns about RetryPending and exits 1 on a failed task with its message', async () => {
    const res = await runBin(['udts', 'udts-retry001', 'udts-failed01', '-o', 'table'], { env: sim.env });
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(/udts-failed01\s+failed\s+Failed.*Access denied/);
    expect(res.stderr).toContain('warning: udts-retry001 is RetryPending');
  });

  it('reports an unknown task with the Message and request id (exit 4)', async () => {
    const res = await runBin(['udts', 'udts-nosuch01'], { env: sim.env });
    expect(res.code).toBe(4);
    const err = parseJson(res.stdout).errors[0];
    expect(err).toMatchObject({ id: 'udts-nosuch01', provider: 'ucloud', code: '230', message: 'task udts-nosuch01 not found (RetCode 230)' });
    expect(err.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('exits 3 on a wrong private key, without retrying or leaking it', async () => {
    const before = sim.requests.length;
    const res = await runBin(['udts', 'udts-ixdp441', 'udts-dumping1', '--concurrency', '1', '--debug'], { env: { ...sim.env, UCLOUD_PRIVATE_KEY: 'not-the-private-key' } });
    expect(res.code).toBe(3);
    expect(sim.requests.length - before).toBe(1);
    expect(res.stderr).toContain('UCloud rejected the credentials: Signature VerifyAC Error (RetCode 171)');
    expect(res.stdout + res.stderr).not.toContain('not-the-private-key');
  });

  it('never prints the private key or the signature with --debug', async () => {
    const before = sim.requests.length;
    const res = await runBin(['udts', 'udts-ixdp441', '--debug'], { env: sim.env });
    const signature = new URLSearchParams(sim.requests[before].body).get('Signature')!;
    expect(res.stderr).toContain('Signature=***');
    for (const text of [res.stdout, res.stderr]) {
      expect(text).not.toContain(DEMO_CREDENTIALS.ucloud.privateKey);
      expect(text).not.toContain(signature);
    }
  });

  it('exits 3 naming the env vars when credentials are missing', async () => {
    const res = await runBin(['udts', 'udts-ixdp441'], { env: { UCLOUD_API_BASE_URL: sim.url } });
    expect(res.code).toBe(3);
    expect(res.stderr).toContain('UCLOUD_PUBLIC_KEY and UCLOUD_PRIVATE_KEY');
  });

  it('retries RetCode 153 throttling with backoff, then succeeds', async () => {
    const throttled = await startSim({ ...DEFAULT_SCENARIO, faults: [{ service: 'ucloud', type: 'throttle', times: 2 }] });
    try {
      const res = await runBin(['udts', 'udts-ixdp441'], { env: throttled.env });
      expect(res.code).toBe(0);
      expect(throttled.requests.length).toBe(3);
    } finally {
      await throttled.close();
    }
  });

  it('rejects bad ids before any request (exit 2)', async () => {
    const before = sim.requests.length;
    for (const args of [['udts'], ['udts', 'udts-a', 'udts-a'], ['udts', 'udts a']]) expect((await runBin(args, { env: sim.env })).code).toBe(2);
    expect((await runBin(['udts', 'udts-a', '--type', 'bogus'], { env: sim.env })).code).toBe(2);
    expect(sim.requests.length).toBe(before);
  });
});
