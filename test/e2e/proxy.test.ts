import { createServer as createHttpServer, request, type Server } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBin, startSim, startTlsFront, TLS_CERT as CERT } from '../helpers.js';

// Behind HTTPS_PROXY / HTTP_PROXY, requests go through undici's EnvHttpProxyAgent (src/core/transport-undici.ts).
// A forward proxy on loopback (CONNECT tunnels and absolute-form requests) records what it carried.
const PROXY_AUTH = `Basic ${Buffer.from('ops:proxy-pass-8c1d').toString('base64')}`;

let sim: Awaited<ReturnType<typeof startSim>>;
let proxy: Server;
let proxyUrl: string;
let tlsFront: Awaited<ReturnType<typeof startTlsFront>>;
let tlsUrl: string;
const carried: string[] = [];

const listen = (server: Server) => new Promise<string>((r) => server.listen(0, '127.0.0.1', () => r(`127.0.0.1:${(server.address() as { port: number }).port}`)));

beforeAll(async () => {
  sim = await startSim();
  tlsFront = await startTlsFront(sim.urls.ninedata);
  tlsUrl = tlsFront.url;

  proxy = createHttpServer((req, res) => {
    carried.push(`${req.method} ${req.url}`);
    const up = request(new URL(req.url ?? ''), { method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    req.pipe(up);
  });
  proxy.on('connect', (req, socket, head) => {
    // Only the authenticated user gets through; anyone else gets 407, as a corporate proxy answers.
    if (req.headers['proxy-authorization'] !== PROXY_AUTH) {
      carried.push(`refused CONNECT ${req.url}`);
      socket.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n');
      return;
    }
    carried.push(`CONNECT ${req.url}`);
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  proxyUrl = `http://ops:proxy-pass-8c1d@${await listen(proxy)}`;
});

afterAll(async () => {
  proxy.closeAllConnections();
  await new Promise((r) => proxy.close(r));
  await tlsFront.close();
  await sim.close();
});

describe('behind a proxy', () => {
  it('tunnels https through HTTPS_PROXY with its credentials, certificate still verified, password never shown', async () => {
    carried.length = 0;
    const res = await runBin(['status', 'rp-div0t0awwobr', '--json', '--debug'], {
      env: { ...sim.env, NINEDATA_ENDPOINT: tlsUrl, HTTPS_PROXY: proxyUrl, NODE_EXTRA_CA_CERTS: CERT },
    });
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout).results[0].phase).toBe('syncing');
    expect(carried).toEqual([`CONNECT ${new URL(tlsUrl).host}`]);
    expect(res.stderr).toContain(`for https: http://ops:***@${new URL(proxyUrl).host}`);
    expect(res.stdout + res.stderr).not.toContain('proxy-pass-8c1d');
    expect(res.stdout + res.stderr).not.toContain(Buffer.from('ops:proxy-pass-8c1d').toString('base64'));
  });

  it('goes direct to NO_PROXY hosts', async () => {
    carried.length = 0;
    const res = await runBin(['status', 'rp-div0t0awwobr', '--json'], { env: { ...sim.env, HTTP_PROXY: proxyUrl, HTTPS_PROXY: proxyUrl, NO_PROXY: '127.0.0.1' } });
    expect(res.code).toBe(0);
    expect(carried).toEqual([]);
  });

  it('a proxy that refuses is a network error (exit 5) that says so', async () => {
    carried.length = 0;
    const res = await runBin(['status', 'rp-div0t0awwobr', '--json', '--retries', '0'], {
      env: { ...sim.env, NINEDATA_ENDPOINT: tlsUrl, HTTPS_PROXY: `http://${new URL(proxyUrl).host}`, NODE_EXTRA_CA_CERTS: CERT },
    });
    expect(res.code).toBe(5);
    expect(carried).toEqual([`refused CONNECT ${new URL(tlsUrl).host}`]);
    expect(res.stderr).toMatch(/^error: rp-div0t0awwobr: the proxy refused the connection to 127\.0\.0\.1:\d+ \(HTTP 407\)\. The proxy wants credentials: HTTPS_PROXY=http:\/\/user:password@proxy:port\n$/);
  });

  it('names the proxy, not the service, when the proxy cannot be reached', async () => {
    const refused = await runBin(['status', 'rp-div0t0awwobr', '--json', '--retries', '0'], { env: { ...sim.env, HTTP_PROXY: 'http://127.0.0.1:1' } });
    expect(refused.code).toBe(5);
    expect(refused.stderr).toBe('error: rp-div0t0awwobr: connection refused by the proxy 127.0.0.1:1 (HTTP_PROXY). Check HTTPS_PROXY / HTTP_PROXY / NO_PROXY\n');
    const unknown = await runBin(['status', 'rp-div0t0awwobr', '--json', '--retries', '0'], { env: { ...sim.env, NINEDATA_ENDPOINT: tlsUrl, https_proxy: 'http://proxy.invalid:3128' } });
    expect(unknown.code).toBe(5);
    expect(unknown.stderr).toMatch(/^error: rp-div0t0awwobr: cannot resolve the proxy proxy\.invalid:3128 \(https_proxy\) \(DNS lookup failed\)\. Check HTTPS_PROXY/);
  });
});
