import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nineDataTimestamp, signNineData } from '../../src/providers/ninedata/sign.js';
import { NINEDATA_TASK_PHASES } from '../../src/providers/ninedata/states.js';
import { normalizePrecheck, normalizeStatus, replicationPhase } from '../../src/providers/ninedata/replication.js';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/ninedata-vectors.json', import.meta.url), 'utf8'));

describe('NineData signer', () => {
  it.each(fixture.vectors as Array<{ path: string; signature: string }>)('reproduces the documented vector for $path', ({ path, signature }) => {
    expect(signNineData(path, fixture.secret, fixture.timestamp)).toBe(signature);
  });

  it('formats the timestamp as yyyy-MM-ddTHH:mm:ssZ with no milliseconds', () => {
    expect(nineDataTimestamp(Date.parse('2024-05-31T09:15:33.789Z'))).toBe('2024-05-31T09:15:33Z');
  });
});

describe('NineData state table', () => {
  const documented = ['createSuccess', 'preChecking', 'preCheckSuccess', 'preCheckFailed', 'notStarted', 'starting', 'running', 'success', 'failed', 'suspended', 'abnormal', 'stopped', 'locked'];
  const expected: Record<string, string> = {
    createSuccess: 'pending', notStarted: 'pending', preCheckSuccess: 'pending', preChecking: 'running', starting: 'running',
    running: 'running', success: 'succeeded', suspended: 'paused', stopped: 'paused', failed: 'failed', abnormal: 'failed', locked: 'failed', preCheckFailed: 'failed',
  };

  it('maps every documented status value', () => {
    expect(Object.keys(NINEDATA_TASK_PHASES).sort()).toEqual([...documented].sort());
    for (const status of documented) expect(replicationPhase(status, 'full')).toBe(expected[status]);
  });

  it('is syncing only while running the incremental subtask', () => {
    expect(replicationPhase('running', 'inc_writer')).toBe('syncing');
    expect(replicationPhase('running', 'full')).toBe('running');
    expect(replicationPhase('suspended', 'inc_writer')).toBe('paused');
  });

  it('maps an unknown value to unknown and keeps the raw status', () => {
    const r = normalizeStatus('rp-x', { status: 'hibernating', currentSubTaskType: 'full', subTaskList: [] }, '2026-01-01T00:00:00.000Z');
    expect(r.phase).toBe('unknown');
    expect(r.status).toBe('hibernating');
  });
});

describe('NineData normalization', () => {
  it('takes lag from the incremental subtask and progress from the current one', () => {
    const data = {
      replicationId: 'rp-div0t0awwobr',
      status: 'running',
      currentSubTaskType: 'inc_writer',
      subTaskList: [
        { subTaskType: 'schema', status: 'success', percent: 100.0 },
        { subTaskType: 'full', status: 'success', percent: 100.0 },
        { subTaskType: 'inc_writer', status: 'running', percent: 0.0, delay: 672 },
        { subTaskType: 'trigger', status: 'notStarted', percent: 0 },
      ],
    };
    const r = normalizeStatus('rp-div0t0awwobr', data, '2026-11-22T10:00:00.000Z');
    expect(Object.keys(r)).toEqual(['provider', 'kind', 'id', 'phase', 'status', 'progress', 'lagMs', 'stage', 'message', 'observedAt', 'details']);
    expect(r).toMatchObject({ provider: 'ninedata', kind: 'replication', phase: 'syncing', progress: null, lagMs: 672, stage: 'inc_writer' });
    expect((r.details.subtasks as unknown[]).length).toBe(4);
  });

  it('reports the full load percentage while loading', () => {
    const r = normalizeStatus('rp-a', { status: 'running', currentSubTaskType: 'full', subTaskList: [{ subTaskType: 'full', status: 'running', percent: '63.5' }] }, 'x');
    expect(r.progress).toBe(63.5);
    expect(r.lagMs).toBeNull();
  });

  it('orders precheck items failures first and keeps the verdict', () => {
    const r = normalizePrecheck('rp-a', {
      precheckStatus: 'failure',
      items: [
        { itemId: 'a', itemName: 'A', status: 'success', message: '' },
        { itemId: 'b', itemName: 'B', status: 'warning', message: 'w' },
        { itemId: 'c', itemName: 'C', status: 'failure', message: 'f' },
      ],
    }, 'x');
    expect(r.phase).toBe('failed');
    expect((r.details.items as Array<{ id: string }>).map((i) => i.id)).toEqual(['c', 'b', 'a']);
    expect(r.details.precheckStatus).toBe('failure');
  });
});
