import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { urlToHttpOptions } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestTarget, createNodeTransport, type Target } from '../../src/core/transport-node.js';

/** What URL parsing gives for a URL: the reference the fast path must match, or the error it throws. */
function parsed(url: string): Target | { error: string } {
  try {
    const o = urlToHttpOptions(new URL(url));
    return { protocol: o.protocol!, hostname: o.hostname!, port: o.port === undefined ? undefined : Number(o.port), path: o.path!, auth: o.auth ?? undefined };
  } catch (err) {
    return { error: (err as { code?: string }).code ?? String(err) };
  }
}

function viaFastPath(url: string, origins: Map<string, Target>): Target | { error: string } {
  try {
    return requestTarget(url, origins);
  } catch (err) {
    return { error: (err as { code?: string }).code ?? String(err) };
  }
}

// Origins and paths built from the characters where URL parsing does something: encodes (space, quote,
// <, >, `, {, }, non-ASCII), resolves (dot segments, %2e), cuts (#), drops (an empty query),
// rewrites (\), keeps (%, ').
const scheme = fc.constantFrom('http', 'https', 'HTTP', 'Https');
const host = fc.constantFrom('127.0.0.1', 'example.com', 'EXAMPLE.com', '[::1]', 'user:pw@h.example', 'h.example:8080', 'h.example:80', 'h.example:443', 'xn--nxasmq6b.example', 'bücher.example', 'h\\x', 'h%41');
const pathChar = fc.constantFrom(...'aZ09-._~!$&()*+,;=:@/?%'.split(''), '/', '.', '..', '%2e', '%2E', "'", ' ', '"', '#', '<', '>', '`', '{', '}', '\\', '|', '^', 'é', '中', '\t', '%zz', '%41');
const rest = fc.array(pathChar, { maxLength: 24 }).map((cs) => cs.join(''));
const url = fc.tuple(scheme, host, rest).map(([s, h, r]) => `${s}://${h}${r}`);

describe('requestTarget: the request target without parsing each URL', () => {
  it('is exactly what URL parsing gives, for any URL, the first time and from the origin cache', () => {
    const origins = new Map<string, Target>();
    fc.assert(
      fc.property(url, (u) => {
        expect(viaFastPath(u, new Map())).toEqual(parsed(u));
        expect(viaFastPath(u, origins)).toEqual(parsed(u));
      }),
      { numRuns: 20_000 },
    );
  });

  it('takes a plain path as it is, and parses each origin once', () => {
    const origins = new Map<string, Target>();
    const a = requestTarget('http://127.0.0.1:8080/openapi/v1/replication/status?replicationId=rp-div0t0awwobr', origins);
    const b = requestTarget('http://127.0.0.1:8080/openapi/v1/replication/status?replicationId=rp-fullload0001', origins);
    expect(a).toEqual({ protocol: 'http:', hostname: '127.0.0.1', port: 8080, path: '/openapi/v1/replication/status?replicationId=rp-div0t0awwobr', auth: undefined });
    expect(b.path).toBe('/openapi/v1/replication/status?replicationId=rp-fullload0001');
    expect([...origins.keys()]).toEqual(['http://127.0.0.1:8080']);
    // What URL parsing changes goes to it: an empty query is dropped, dot segments resolved.
    expect(requestTarget('http://127.0.0.1:8080/status?', origins).path).toBe('/status');
    expect(requestTarget('http://127.0.0.1:8080/a/%2E%2e/status', origins).path).toBe('/status');
  });
});

describe('the node transport sends what URL parsing gives', () => {
  const seen: string[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    seen.push(`${req.method} ${req.url} host=${req.headers.host}`);
    res.setHeader('content-type', 'application/json');
    if (req.url === '/cookies') res.setHeader('Set-Cookie', ['a=1', 'b=2']);
    res.end('{"ok":true}');
  });
  let base = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it.each([
    ['a plain path and query', '/openapi/v1/replication/status?replicationId=rp-div0t0awwobr'],
    ['dot segments', '/a/./b/../c?x=1'],
    ['characters URL parsing encodes', "/a b/é?q='x y'"],
    ['an empty path', ''],
  ])('%s', async (_name, path) => {
    const transport = createNodeTransport(1 << 20);
    seen.length = 0;
    const res = await transport.send({ method: 'GET', url: base + path, headers: { 'user-agent': 'syncstat' } }, { cancelled: false }, 5000);
    await transport.close();
    const expected = new URL(base + path);
    expect(res).toMatchObject({ status: 200, body: '{"ok":true}' });
    expect(seen).toEqual([`GET ${expected.pathname}${expected.search} host=${expected.host}`]);
  });

  it('gives header names in lower case and every header as one string, set-cookie too', async () => {
    const transport = createNodeTransport(1 << 20);
    const res = await transport.send({ method: 'GET', url: `${base}/cookies`, headers: {} }, { cancelled: false }, 5000);
    await transport.close();
    expect(res.headers).toMatchObject({ 'content-type': 'application/json', 'set-cookie': 'a=1, b=2' });
  });
});
