import type { Scenario } from '../../../sim/types.js';

/** A small instance with a sync task in every stage (the docs' own mixed casing and types included). */
export const STARROCKS_SMALL = 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4in17';
/** An instance with more sync tasks than two pages hold. */
export const STARROCKS_BIG = 'f0e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5in17';
/** An instance with no sync tasks yet. */
export const STARROCKS_EMPTY = '0a0b0c0d0e0f0a0b0c0d0e0f0a0b0c0din17';

/** An instance whose id ends in "in07", a suffix the TaurusDB docs use too. */
export const STARROCKS_IN07 = 'b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5in07';

/** DRS jobs by what they show. */
export const DRS_JOBS = {
  syncing: '9a470239-2308-4bb5-a6bc-1040402fjb21',
  running: 'dc67695a-ee3e-49b8-a022-a099bd81jb21',
  pending: 'b41d6e0f-8c2a-4f7e-a1d3-5e6f7a8bjb20',
  /** FULL_TRANSFER_COMPLETE of a full+incremental job: incremental comes next (running). */
  fullComplete: '0f1e2d3c-4b5a-4968-8776-a5b4c3d2jb21',
  /** FULL_TRANSFER_COMPLETE of a job the answer says is full-only (task_type FULL_TRANS): succeeded. */
  fullOnlyDone: '6d5c4b3a-2918-4f7e-8d6c-5b4a3928jb21',
  paused: 'e7d6c5b4-a392-4817-b6c5-d4e3f2a1jb21',
  /** RELEASE_RESOURCE_COMPLETE: the job was ended (succeeded). */
  ended: '11223344-5566-4778-8899-aabbccddjb21',
  deleted: '99887766-5544-4332-8110-ffeeddccjb21',
  failed: '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6jb20r',
  childRunning: '3c7d2a1e-5b4f-4e8a-9d6c-7f1e2b3jb101',
  /** A disaster-recovery job between its child transfer and incremental sync. */
  childComplete: '4d8e3b2f-6c5a-4f9b-8e7d-8a2f3c4jb101',
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
    [STARROCKS_IN07]: {
      tasks: [{ task_name: 'crm_sync', source_database: 'crm', target_database: 'crm_sr', status: 'Yes', stage: 'incremental', percentage: '100', catchup_stage: 'incremental', catchup_percentage: '100' }],
    },
  },
  jobs: {
    [DRS_JOBS.syncing]: { status: 'INCRE_TRANSFER_STARTED' },
    [DRS_JOBS.running]: { status: 'FULL_TRANSFER_STARTED' },
    [DRS_JOBS.pending]: { status: 'CONFIGURATION' },
    [DRS_JOBS.fullComplete]: { status: 'FULL_TRANSFER_COMPLETE' },
    [DRS_JOBS.fullOnlyDone]: { status: 'FULL_TRANSFER_COMPLETE', task_type: 'FULL_TRANS' },
    [DRS_JOBS.paused]: { status: 'PAUSING' },
    [DRS_JOBS.ended]: { status: 'RELEASE_RESOURCE_COMPLETE' },
    [DRS_JOBS.deleted]: { status: 'DELETED' },
    [DRS_JOBS.childComplete]: { status: 'CHILD_TRANSFER_COMPLETE' },
    [DRS_JOBS.failed]: { status: 'INCRE_TRANSFER_FAILED', error_code: 'DRS.10000010', error_message: 'Source database connection failed: Access denied for user drs_sync' },
    [DRS_JOBS.childRunning]: { status: 'CHILD_TRANSFER_STARTED' },
    [DRS_JOBS.lifecycle]: {
      timeline: [
        { for: 2, status: 'CREATING' },
        { for: 2, status: 'STARTJOBING' },
        { for: 3, status: 'FULL_TRANSFER_STARTED' },
        { for: 2, status: 'FULL_TRANSFER_COMPLETE' },
        { status: 'INCRE_TRANSFER_STARTED' },
      ],
    },
  },
};
