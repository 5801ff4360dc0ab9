import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBin, startSim, startTlsFront, TLS_CERT } from '../helpers.js';
import { DEMO_CREDENTIALS } from '../sims.js';
import { assertValidDoctorOutput } from '../schema.js';

// The built binary's wiring: the command, --json against its schema, exit codes, one stderr line, and
// a TLS endpoint trusted through NODE_EXTRA_CA_CERTS (read by Node at start-up: only a real process).
let sim: Awaited<ReturnType<typeof startSim>>;
let front: Awaited<ReturnType<typeof startTlsFront>>;

beforeAll(async () => {
  sim = await startSim();
  front = await startTlsFront(sim.urls.ninedata);
});
afterAll(async () => {
  await front.close();
  await sim.close();
});

const secrets = [DEMO_CREDENTIALS.ninedata.accessKeySecret, DEMO_CREDENTIALS.ucloud.privateKey, DEMO_CREDENTIALS.huawei.sk];

describe('syncstat doctor (built binary)', () => {
  it('every service over the wire: exit 0, --json matches schema/doctor-output.schema.json, no secret', async () => {
    const res = await runBin(['doctor', '--json'], { env: sim.env });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toBe('');
    const out = JSON.parse(res.stdout);
    assertValidDoctorOutput(out);
    expect(new Set(out.checks.map((c: { service: string }) => c.service))).toEqual(new Set(['config', 'ninedata', 'ucloud', 'huawei']));
    for (const secret of secrets) expect(res.stdout + res.stderr).not.toContain(secret);
  });

  it('https with the certificate trusted through NODE_EXTRA_CA_CERTS: the whole chain passes', async () => {
    const res = await runBin(['doctor', 'status'], { env: { ...sim.env, NINEDATA_ENDPOINT: front.url, NODE_EXTRA_CA_CERTS: TLS_CERT } });
    expect(res.code, res.stdout + res.stderr).toBe(0);
    expect(res.stdout).toMatch(/^ok +ninedata +tls +NineData endpoint: TLSv1\.[23], certificate for .*NODE_EXTRA_CA_CERTS=/m);
    expect(res.stdout).toMatch(/^ok +ninedata +credentials /m);
  });

  it('a failure: its exit code, the report on stdout, one line on stderr, no stack trace', async () => {
    const res = await runBin(['doctor', 'ninedata'], { env: { ...sim.env, NINEDATA_ACCESS_KEY_SECRET: 'not-the-secret-0000' } });
    expect(res.code).toBe(3);
    expect(res.stdout).toMatch(/^FAIL ninedata +credentials +GET \/openapi\/v1\/replication\/list/m);
    expect(res.stdout.trimEnd().split('\n').at(-1)).toMatch(/passed, 0 warnings, 1 failed$/);
    expect(res.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(res.stderr).toMatch(/^syncstat: error: ninedata credentials: /);
    expect(res.stdout + res.stderr).not.toContain('not-the-secret-0000');
    const net = await runBin(['doctor', 'ninedata', '--json'], { env: { ...sim.env, NINEDATA_ENDPOINT: 'https://nd.nosuch.invalid' } });
    expect(net.code).toBe(5);
    assertValidDoctorOutput(JSON.parse(net.stdout));
  });

  it('--help lists the checks, examples and exit codes', async () => {
    const res = await runBin(['doctor', '--help']);
    expect(res.code).toBe(0);
    for (const text of ['DNS', 'TLS', 'NO_PROXY', 'clock', 'never retried', 'Examples:', 'Exit codes:', 'schema/doctor-output.schema.json']) expect(res.stdout).toContain(text);
  });
});
