import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer, type Server } from 'node:https';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBin, startSim } from '../helpers.js';

// The real services speak https. A TLS front on loopback (a throwaway self-signed certificate for
// 127.0.0.1, test/fixtures/tls-*.pem) forwards to the simulator, so the built binary's https path runs
// with certificate verification on.
const CERT = fileURLToPath(new URL('../fixtures/tls-cert.pem', import.meta.url));
const KEY = fileURLToPath(new URL('../fixtures/tls-key.pem', import.meta.url));

let sim: Awaited<ReturnType<typeof startSim>>;
let front: Server;
let frontUrl: string;

beforeAll(async () => {
  sim = await startSim();
  front = createServer({ cert: readFileSync(CERT), key: readFileSync(KEY) }, (req, res) => {
    const upstream = request(new URL(req.url ?? '/', sim.url), { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((r) => front.listen(0, '127.0.0.1', () => r()));
  frontUrl = `https://127.0.0.1:${(front.address() as { port: number }).port}`;
});
afterAll(async () => {
  front.closeAllConnections();
  await new Promise((r) => front.close(r));
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
