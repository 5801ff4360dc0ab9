import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBin, startSim, startTlsFront, TLS_CERT as CERT } from '../helpers.js';

// The real services speak https: a TLS front on loopback forwards to the simulator, so the built
// binary's https path runs with certificate verification on.
let sim: Awaited<ReturnType<typeof startSim>>;
let front: Awaited<ReturnType<typeof startTlsFront>>;
let frontUrl: string;

beforeAll(async () => {
  sim = await startSim();
  front = await startTlsFront(sim.urls.ninedata);
  frontUrl = front.url;
});
afterAll(async () => {
  await front.close();
  await sim.close();
});

describe('https endpoints', () => {
  it('queries over TLS when the certificate is trusted (NODE_EXTRA_CA_CERTS)', async () => {
    const res = await runBin(['status', 'rp-div0t0awwobr', '--json', '--retries', '0'], { env: { ...sim.env, NINEDATA_ENDPOINT: frontUrl, NODE_EXTRA_CA_CERTS: CERT } });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout).results[0]).toMatchObject({ id: 'rp-div0t0awwobr', phase: 'syncing' });
  });

  it('refuses an untrusted certificate: exit 5, naming the TLS problem, not retried', async () => {
    const before = sim.requests.length;
    const res = await runBin(['status', 'rp-div0t0awwobr', '--json'], { env: { ...sim.env, NINEDATA_ENDPOINT: frontUrl } });
    expect(res.code).toBe(5);
    expect(res.stderr).toMatch(/^error: rp-div0t0awwobr: TLS verification failed for 127\.0\.0\.1:\d+ \(self-signed certificate\).*NODE_EXTRA_CA_CERTS/);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(sim.requests.length).toBe(before);
  });
});
