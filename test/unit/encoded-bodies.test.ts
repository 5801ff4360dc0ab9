import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { bodyText } from '../../src/core/content-encoding.js';
import { NetworkError } from '../../src/core/errors.js';
import { DRS_JOBS } from '../../src/providers/huawei/sim/scenario.js';
import type { Fault } from '../../src/sim/types.js';
import { runVirtual, startVirtualSim, type VirtualSim } from '../inproc.js';
import { assertValidOutput } from '../schema.js';

// Bodies syncstat never asked to be encoded (it sends no Accept-Encoding): compressed by a proxy or
// gateway, with or without saying so, or after a UTF-8 byte-order mark. Read when they can be, and
// named precisely when not, never "malformed or truncated JSON".

let sim: VirtualSim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function run(faults: Fault[], argv: string[]) {
  sim = await startVirtualSim({ faults });
  return runVirtual(sim, argv);
}

const json = (stdout: string) => {
  const out = JSON.parse(stdout);
  assertValidOutput(out);
  return out as { results: any[]; errors: any[] };
};

const BAD = 'rp-div0t0awwobr';
const GOOD = 'rp-fullload0001';

describe('bodies the client never asked to be encoded', () => {
  it.each([
    ['gzip with Content-Encoding', { encoding: 'gzip', header: true }],
    ['deflate with Content-Encoding', { encoding: 'deflate', header: true }],
    ['br with Content-Encoding', { encoding: 'br', header: true }],
    ['gzip without Content-Encoding', { encoding: 'gzip', header: false }],
    ['deflate without Content-Encoding', { encoding: 'deflate', header: false }],
  ] as const)('%s is read', async (_what, how) => {
    const res = await run([{ type: 'compressed', ...how }], ['status', BAD, GOOD]);
    expect(res.code, res.stderr).toBe(0);
    expect(json(res.stdout).results.map((r) => r.id)).toEqual([BAD, GOOD]);
  });

  it('br without Content-Encoding is named as binary, not "truncated JSON", and not retried', async () => {
    const res = await run([{ type: 'compressed', encoding: 'br', header: false }], ['status', BAD]);
    expect(res.code).toBe(5);
    const error = json(res.stdout).errors[0];
    expect(error.code).toBe('NOT_JSON');
    expect(error.message).toMatch(/with a binary body, not JSON \(compressed without a Content-Encoding header\?\)$/);
    expect(sim!.requests).toHaveLength(1);
  });

  it('a UTF-8 byte-order mark before the JSON is skipped, for every service', async () => {
    let res = await run([{ type: 'bom' }], ['status', BAD]);
    expect(res.code, res.stderr).toBe(0);
    await sim!.close();
    res = await run([{ type: 'bom' }], ['udts', 'udts-ixdp441']);
    expect(res.code, res.stderr).toBe(0);
    await sim!.close();
    res = await run([{ type: 'bom' }], ['batch', DRS_JOBS.syncing]);
    expect(res.code, res.stderr).toBe(0);
  });

  it('a BOM before a Huawei error body still reads its code', async () => {
    const res = await run([{ type: 'malformed', service: 'huawei', status: 400, body: '\uFEFF{"error_code":"DRS.M00202","error_msg":"bad jobs"}' }], ['batch', DRS_JOBS.syncing]);
    expect(res.code).toBe(4);
    expect(json(res.stdout).errors[0]).toMatchObject({ code: 'DRS.M00202', message: 'bad jobs' });
  });
});

describe('bodyText', () => {
  const URL_ = 'http://api.example.test/x';
  const fails = async (p: Promise<unknown>) => p.then(() => { throw new Error('expected an error'); }, (err: unknown) => err as NetworkError);

  it('names an encoding it cannot read', async () => {
    const err = await fails(bodyText(Buffer.from('(zstd bytes)'), { 'content-encoding': 'zstd' }, URL_, 1000));
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.code).toBe('UNSUPPORTED_ENCODING');
    expect(err.message).toBe('api.example.test answered with unexpected Content-Encoding zstd, which syncstat cannot read (it never asks for compression)');
  });

  it('says a declared gzip body does not decompress, rather than "truncated JSON"', async () => {
    const err = await fails(bodyText(Buffer.from('{"not":"gzip"}'), { 'content-encoding': 'gzip' }, URL_, 1000));
    expect(err.code).toBe('BAD_ENCODING');
    expect(err.message).toMatch(/^api\.example\.test answered with a gzip body that does not decompress \(/);
  });

  it('caps the decoded body like a plain one (a small gzip of a huge body)', async () => {
    const bomb = gzipSync(Buffer.alloc(5_000_000, 0x20));
    const err = await fails(bodyText(bomb, { 'content-encoding': 'gzip' }, URL_, 1_000_000));
    expect(err.code).toBe('BODY_TOO_LARGE');
  });

  it('leaves identity and undeclared plain bodies alone, and reads "x-gzip" and lists of codings', async () => {
    expect(await bodyText(Buffer.from('{"a":1}'), { 'content-encoding': 'identity' }, URL_, 100)).toBe('{"a":1}');
    expect(await bodyText(Buffer.from('80'), {}, URL_, 100)).toBe('80');
    expect(await bodyText(Buffer.from('x-not-zlib'), {}, URL_, 100)).toBe('x-not-zlib');
    expect(await bodyText(gzipSync('{"a":1}'), { 'content-encoding': 'x-gzip' }, URL_, 100)).toBe('{"a":1}');
    expect(await bodyText(gzipSync(gzipSync('{"a":1}')), { 'content-encoding': 'gzip, gzip' }, URL_, 100)).toBe('{"a":1}');
  });
});
