import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { flattenParams, signedParams } from '../../src/providers/ucloud/sign.js';
import { UDTS_PHASES } from '../../src/providers/ucloud/states.js';
import { normalizeUdts } from '../../src/providers/ucloud/udts.js';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/ucloud-vectors.json', import.meta.url), 'utf8'));

describe('UCloud signer', () => {
  it.each(fixture.vectors as Array<{ params: Record<string, string>; signature: string }>)('reproduces the documented vector $signature', ({ params, signature }) => {
    expect(signedParams(params, fixture.publicKey, fixture.privateKey).Signature).toBe(signature);
  });

  it('flattens arrays and objects, drops nulls, writes booleans and integral floats plainly', () => {
    expect(flattenParams({ A: [1, { B: true }], C: { D: 2.0 }, E: null, F: 1.5, G: 1e21 })).toEqual({ 'A.0': '1', 'A.1.B': 'true', 'C.D': '2', F: '1.5', G: '1000000000000000000000' });
  });
});

describe('UDTS state table', () => {
  const expected: Record<string, string> = {
    Created: 'pending', Starting: 'running', Started: 'running', Checking: 'running', Dumping: 'running', Loading: 'running', RetryPending: 'running',
    Syncing: 'syncing', Synced: 'syncing', Done: 'succeeded', Success: 'succeeded', Stopping: 'paused', Stopped: 'paused',
    Failed: 'failed', FailedUnrecoverable: 'failed', StoppedUnrecoverable: 'failed',
  };
  it('maps every documented status value', () => {
    expect(UDTS_PHASES).toEqual(expected);
    for (const [status, phase] of Object.entries(expected)) expect(normalizeUdts('udts-a', { Status: status }, 'x').phase).toBe(phase);
  });
  it('maps an unknown value to unknown', () => expect(normalizeUdts('udts-a', { Status: 'Hibernating' }, 'x')).toMatchObject({ phase: 'unknown', status: 'Hibernating' }));
  it('takes lag from RedisDelayTime or MongoDelayTime in seconds, counts as numbers or strings', () => {
    const r = normalizeUdts('udts-a', { Status: 'Syncing', Progress: { MongoDelayTime: '2.5', CurCount: '10', TotalCount: 20 }, Sync: { BinlogName: 'b', BinlogPos: '4' } }, 'x');
    expect(r).toMatchObject({ lagMs: 2500, details: { curCount: 10, totalCount: 20, binlog: { name: 'b', position: 4 } } });
  });
});
