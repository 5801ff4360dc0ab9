import { describe, expect, it } from 'vitest';
import { DRS_PHASES, STARROCKS_STAGE_MESSAGES, STARROCKS_STAGE_PHASES } from '../../src/providers/huawei/states.js';
import { normalizeDrs } from '../../src/providers/huawei/drs.js';
import { normalizeStarRocks, starRocksPhase } from '../../src/providers/huawei/starrocks.js';

describe('DRS state table', () => {
  // Every value huawei.md lists, in its order.
  const documented: Record<string, string> = {
    CREATING: 'pending', CREATE_FAILED: 'failed', CONFIGURATION: 'pending', STARTJOBING: 'running', WAITING_FOR_START: 'pending',
    START_JOB_FAILED: 'failed', PAUSING: 'paused', PAUSEING: 'paused', FULL_TRANSFER_STARTED: 'running', FULL_TRANSFER_FAILED: 'failed',
    FULL_TRANSFER_COMPLETE: 'running', INCRE_TRANSFER_STARTED: 'syncing', INCRE_TRANSFER_FAILED: 'failed', RELEASE_RESOURCE_STARTED: 'running',
    RELEASE_RESOURCE_FAILED: 'failed', RELEASE_RESOURCE_COMPLETE: 'succeeded', REBUILD_NODE_STARTED: 'running', REBUILD_NODE_FAILED: 'failed',
    CHANGE_JOB_STARTED: 'running', CHANGE_JOB_FAILED: 'failed', DELETED: 'paused', CHILD_TRANSFER_STARTING: 'running',
    CHILD_TRANSFER_STARTED: 'running', CHILD_TRANSFER_COMPLETE: 'running', CHILD_TRANSFER_FAILED: 'failed',
    RELEASE_CHILD_TRANSFER_STARTED: 'running', RELEASE_CHILD_TRANSFER_COMPLETE: 'succeeded', NODE_UPGRADE_START: 'running',
    NODE_UPGRADE_COMPLETE: 'running', NODE_UPGRADE_FAILED: 'failed',
  };

  it('maps every documented status value, PAUSING and PAUSEING both', () => {
    expect(Object.keys(DRS_PHASES).sort()).toEqual(Object.keys(documented).sort());
    for (const [status, phase] of Object.entries(documented)) expect(normalizeDrs('j', { id: 'j', status }, 'x', false).phase, status).toBe(phase);
  });

  it('ends a full-only job at FULL_TRANSFER_COMPLETE when the answer gives the job type, and only that status', () => {
    expect(normalizeDrs('j', { id: 'j', status: 'FULL_TRANSFER_COMPLETE', task_type: 'FULL_TRANS' }, 'x', false)).toMatchObject({ phase: 'succeeded', details: { jobType: 'FULL_TRANS' } });
    expect(normalizeDrs('j', { id: 'j', status: 'FULL_TRANSFER_COMPLETE', job_type: 'full_trans' }, 'x', false).phase).toBe('succeeded');
    expect(normalizeDrs('j', { id: 'j', status: 'FULL_TRANSFER_COMPLETE', task_type: 'FULL_INCR_TRANS' }, 'x', false).phase).toBe('running');
    expect(normalizeDrs('j', { id: 'j', status: 'FULL_TRANSFER_STARTED', task_type: 'FULL_TRANS' }, 'x', false).phase).toBe('running');
  });

  it('maps every *_FAILED value to failed', () => {
    for (const status of Object.keys(DRS_PHASES).filter((s) => s.endsWith('_FAILED'))) expect(DRS_PHASES[status]).toBe('failed');
  });

  it('keeps an unknown value as is, phase unknown', () => {
    expect(normalizeDrs('j', { id: 'j', status: 'HIBERNATING' }, 'x', false)).toMatchObject({ phase: 'unknown', status: 'HIBERNATING' });
    expect(normalizeDrs('j', { id: 'j' }, 'x', false)).toMatchObject({ phase: 'unknown', status: null });
  });
});

describe('StarRocks state table', () => {
  it('maps every documented stage, in any case', () => {
    expect(Object.keys(STARROCKS_STAGE_PHASES).sort()).toEqual(['cancelled', 'full', 'incremental', 'paused', 'wait']);
    const expected = { wait: 'pending', full: 'running', incremental: 'syncing', paused: 'paused', cancelled: 'paused' };
    for (const [stage, phase] of Object.entries(expected)) {
      expect(starRocksPhase('Yes', stage)).toBe(phase);
      expect(starRocksPhase('yes', stage.toUpperCase())).toBe(phase);
      expect(starRocksPhase('Yes', stage[0].toUpperCase() + stage.slice(1))).toBe(phase);
    }
  });

  it('says a cancelled task was deleted, and shows every stage in one spelling (the raw one in details)', () => {
    const cancelled = normalizeStarRocks('i', { task_name: 't', status: 'Yes', stage: 'CANCELLED' }, 'x');
    expect(cancelled).toMatchObject({ phase: 'paused', stage: 'cancelled', message: 'task was deleted (cancelled)', details: { stage: 'CANCELLED' } });
    expect(Object.keys(STARROCKS_STAGE_MESSAGES).every((k) => Object.hasOwn(STARROCKS_STAGE_PHASES, k))).toBe(true);
    expect(normalizeStarRocks('i', { task_name: 't', status: 'Yes', stage: 'Incremental' }, 'x')).toMatchObject({ stage: 'incremental', message: null, details: { stage: 'Incremental' } });
  });

  it('is failed when status is No, whatever the stage', () => {
    for (const stage of ['wait', 'full', 'incremental', 'paused', 'cancelled', null]) expect(starRocksPhase('No', stage)).toBe('failed');
  });

  it('is unknown for an unknown stage or status, and for no stage', () => {
    expect(starRocksPhase('Yes', 'rebalancing')).toBe('unknown');
    expect(starRocksPhase('Maybe', 'full')).toBe('unknown');
    expect(starRocksPhase('Yes', null)).toBe('unknown');
    expect(starRocksPhase(null, 'full')).toBe('running');
  });
});
