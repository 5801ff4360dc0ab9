import { describe, expect, it } from 'vitest';
import { fetchUdts, normalizeUdts, percentOf } from '../../src/providers/ucloud/udts.js';
import type { UCloudClient } from '../../src/providers/ucloud/client.js';

describe('UDTS progress', () => {
  it('shows Percentage as given on the 0-100 scale', () => {
    expect(percentOf({ Percentage: 35, CurCount: 420, TotalCount: 1200 })).toBe(35);
    expect(percentOf({ Percentage: '85.5' })).toBe(85.5);
    expect(percentOf({})).toBeNull();
    expect(percentOf({ Percentage: 130 })).toBe(100);
  });

  it('rescales a value <= 1 only when the counts show it is a 0-1 fraction', () => {
    expect(percentOf({ Percentage: 0.35, CurCount: 420, TotalCount: 1200 })).toBe(35);
    expect(percentOf({ Percentage: 1, CurCount: 500, TotalCount: 500 })).toBe(100);
    expect(percentOf({ Percentage: 1, CurCount: 10, TotalCount: 1000 })).toBe(1); // 1%, as the counts say
    expect(percentOf({ Percentage: 0.5 })).toBe(0.5); // no counts: as given
    expect(percentOf({ Percentage: 0.5, CurCount: 0, TotalCount: 1000 })).toBe(0.5);
  });
});

describe('UDTS row', () => {
  it('fills message, stage and details from the documented fields', () => {
    const r = normalizeUdts('udts-a', {
      Status: 'Failed',
      FailedMessage: 'boom',
      CurRetryCount: '2',
      MaxRetryCount: 3,
      Progress: { TotalCount: 100, CurCount: 40, TotalDuration: 60, CurDuration: 24, Percentage: 40, RedisOffsetSize: 7 },
      Sync: { BinlogName: 'mysql-bin.000006', BinlogPos: 154, BinlogGTID: 'g:1-5' },
    }, '2026-01-01T00:00:00.000Z');
    expect(r).toEqual({
      provider: 'ucloud', kind: 'udts', id: 'udts-a', phase: 'failed', status: 'Failed', progress: 40, lagMs: null, stage: null, message: 'boom',
      observedAt: '2026-01-01T00:00:00.000Z',
      details: {
        totalCount: 100, curCount: 40, totalDurationS: 60, curDurationS: 24, redisOffsetSize: 7, curRetryCount: 2, maxRetryCount: 3,
        binlog: { name: 'mysql-bin.000006', position: 154, gtid: 'g:1-5' },
      },
    });
  });

  it('treats an empty FailedMessage and missing Progress/Sync as nothing said', () => {
    const r = normalizeUdts('udts-a', { Status: 'Syncing', FailedMessage: '', Progress: null, Sync: null }, 'x');
    expect(r).toMatchObject({ phase: 'syncing', stage: 'incremental', message: null, progress: null, lagMs: null, details: { binlog: { name: null, position: null, gtid: null } } });
  });

  it('prefers RedisDelayTime over MongoDelayTime and converts seconds to ms', () => {
    expect(normalizeUdts('udts-a', { Status: 'Synced', Progress: { RedisDelayTime: 0, MongoDelayTime: 9 } }, 'x').lagMs).toBe(0);
    expect(normalizeUdts('udts-a', { Status: 'Synced', Progress: { MongoDelayTime: 9 } }, 'x').lagMs).toBe(9000);
  });

  it('sends the documented parameters, and warns naming a RetryPending task', async () => {
    const calls: unknown[] = [];
    const client: UCloudClient = {
      projectId: 'org-x',
      async call(params) {
        calls.push(params);
        return { body: { RetCode: 0, Data: { Status: 'RetryPending', CurRetryCount: 1, MaxRetryCount: 3 } }, text: '{}', requestId: 'r' };
      },
    };
    const fetched = await fetchUdts(client, 'udts-r', { type: 'integration' }, () => 0);
    expect(calls).toEqual([{ Action: 'GetUDTSTaskStatus', TaskId: 'udts-r', ProjectId: 'org-x', Region: undefined, Type: 'integration' }]);
    expect(fetched.results[0]).toMatchObject({ phase: 'running', status: 'RetryPending' });
    expect(fetched.warnings).toEqual(['udts-r is RetryPending: UDTS will retry it automatically (1/3)']);
  });
});
