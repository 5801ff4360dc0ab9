import type { Scenario } from '../types.js';

/** A small instance with a sync task in every stage (the docs' own mixed casing and types included). */
export const STARROCKS_SMALL = 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4in17';
/** An instance with more sync tasks than two pages hold. */
export const STARROCKS_BIG = 'f0e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5in17';
/** An instance with no sync tasks yet. */
export const STARROCKS_EMPTY = '0a0b0c0d0e0f0a0b0c0d0e0f0a0b0c0din17';

/** DRS jobs by phase. */
export const DRS_JOBS = {
  syncing: '9a470239-2308-4bb5-a6bc-1040402fjb21',
  running: 'dc67695a-ee3e-49b8-a022-a099bd81jb21',
  pending: 'b41d6e0f-8c2a-4f7e-a1d3-5e6f7a8bjb20',
  succeeded: '0f1e2d3c-4b5a-4968-8776-a5b4c3d2jb21',
  paused: 'e7d6c5b4-a392-4817-b6c5-d4e3f2a1jb21',
  stopped: '11223344-5566-4778-8899-aabbccddjb21',
  failed: '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6jb20r',
  childRunning: '3c7d2a1e-5b4f-4e8a-9d6c-7f1e2b3jb101',
  lifecycle: 'c0ffee00-1234-4567-89ab-cdef0123jb21',
} as const;

/** StarRocks instances and DRS jobs in every phase. */
export const HUAWEI_SCENARIO: NonNullable<Scenario['huawei']> = {
  instances: {
    [STARROCKS_SMALL]: {
      tasks: [
        { task_name: 'orders_sync', source_database: 'shop', target_database: 'shop_sr', status: 'Yes', stage: 'Incremental', percentage: 100, catchup_stage: null, catchup_percentage: 0 },
        { task_name: 'events_full', source_database: 'events', target_database: 'events_sr', status: 'Yes', stage: 'full', percentage: '42.5', catchup_stage: 'wait', catchup_percentage: '0' },
        { task_name: 'audit_wait', source_database: 'audit', target_database: 'audit_sr', status: 'Yes', stage: 'wait', percentage: '0', catchup_stage: null, catchup_percentage: null },
        { task_name: 'logs_paused', source_database: 'logs', target_database: 'logs_sr', status: 'Yes', stage: 'paused', percentage: '100', catchup_stage: 'incremental', catchup_percentage: '37' },
        { task_name: 'legacy_cancelled', source_database: 'legacy', target_database: 'legacy_sr', status: 'Yes', stage: 'CANCELLED', percentage: 12, catchup_stage: null, catchup_percentage: 0 },
        { task_name: 'billing_broken', source_database: 'billing', target_database: 'billing_sr', status: 'No', stage: 'incremental', percentage: '100', catchup_stage: 'incremental', catchup_percentage: '64' },
        // A new task in motion: waiting, full load to 100%, then incremental.
        {
          task_name: 'users_new',
          source_database: 'users',
          target_database: 'users_sr',
          status: 'Yes',
          catchup_stage: null,
          catchup_percentage: '0',
          timeline: [
            { for: 2, stage: 'wait', percentage: 0 },
            { for: 4, stage: 'full', percentage: { from: 0, to: 100 } },
            { stage: 'incremental', percentage: 100 },
          ],
        },
      ],
    },
    [STARROCKS_BIG]: { generate: 120 },
    [STARROCKS_EMPTY]: { tasks: [] },
  },
  jobs: {
    [DRS_JOBS.syncing]: { status: 'INCRE_TRANSFER_STARTED' },
    [DRS_JOBS.running]: { status: 'FULL_TRANSFER_STARTED' },
    [DRS_JOBS.pending]: { status: 'CONFIGURATION' },
    [DRS_JOBS.succeeded]: { status: 'FULL_TRANSFER_COMPLETE' },
    [DRS_JOBS.paused]: { status: 'PAUSING' },
    [DRS_JOBS.stopped]: { status: 'RELEASE_RESOURCE_COMPLETE' },
    [DRS_JOBS.failed]: { status: 'INCRE_TRANSFER_FAILED', error_code: 'DRS.10000010', error_message: 'Source database connection failed: Access denied for user drs_sync' },
    [DRS_JOBS.childRunning]: { status: 'CHILD_TRANSFER_STARTED' },
    [DRS_JOBS.lifecycle]: {
      timeline: [
        { for: 2, status: 'CREATING' },
        { for: 2, status: 'STARTJOBING' },
        { for: 3, status: 'FULL_TRANSFER_STARTED' },
        { status: 'INCRE_TRANSFER_STARTED' },
      ],
    },
  },
};
