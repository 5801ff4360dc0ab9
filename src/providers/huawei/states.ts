import type { Phase } from '../../core/model.js';

/**
 * StarRocks sync task stage -> phase (lower-cased: the docs' example writes "Incremental").
 * Applies while status is "Yes"; status "No" (abnormal) is failed whatever the stage. There is no
 * terminal stage: a task runs until it is paused or deleted.
 */
export const STARROCKS_STAGE_PHASES: Readonly<Record<string, Phase>> = {
  wait: 'pending',
  full: 'running',
  incremental: 'syncing',
  paused: 'paused',
  // The task was deleted. Not a fault of the replication, so not `failed` (a plain status check of an
  // instance that lists a deleted task stays exit 0); but it will never sync again, so a wait for
  // `syncing` ends at once with the message below, as for any paused task.
  cancelled: 'paused',
};

/** What a stage means when its name alone does not say it: the row's message. */
export const STARROCKS_STAGE_MESSAGES: Readonly<Record<string, string>> = {
  cancelled: 'task was deleted (cancelled)',
};

/** StarRocks task `status`: Yes = normal (the stage decides), No = abnormal. */
export const STARROCKS_STATUS_PHASES: Readonly<Record<string, Phase | null>> = {
  yes: null,
  no: 'failed',
};

/**
 * DRS job status -> phase. Every value the docs list, including the PAUSEING misspelling.
 * FULL_TRANSFER_COMPLETE and CHILD_TRANSFER_COMPLETE are steps, not ends, for full+incremental and
 * disaster-recovery jobs: INCRE_TRANSFER_STARTED follows on its own, so they are `running` (a wait
 * for `syncing` keeps waiting). Only a job the answer says is full-only ends there (DRS_FULL_ONLY).
 */
export const DRS_PHASES: Readonly<Record<string, Phase>> = {
  CREATING: 'pending',
  CONFIGURATION: 'pending',
  WAITING_FOR_START: 'pending',
  STARTJOBING: 'running',
  FULL_TRANSFER_STARTED: 'running',
  FULL_TRANSFER_COMPLETE: 'running',
  REBUILD_NODE_STARTED: 'running',
  CHANGE_JOB_STARTED: 'running',
  CHILD_TRANSFER_STARTING: 'running',
  CHILD_TRANSFER_STARTED: 'running',
  CHILD_TRANSFER_COMPLETE: 'running',
  RELEASE_RESOURCE_STARTED: 'running',
  RELEASE_CHILD_TRANSFER_STARTED: 'running',
  NODE_UPGRADE_START: 'running',
  NODE_UPGRADE_COMPLETE: 'running',
  INCRE_TRANSFER_STARTED: 'syncing',
  PAUSING: 'paused',
  PAUSEING: 'paused',
  // Ended: the job was stopped and its resources released, the normal end of a DRS job.
  RELEASE_RESOURCE_COMPLETE: 'succeeded',
  RELEASE_CHILD_TRANSFER_COMPLETE: 'succeeded',
  // Deleted by the operator: not a failure, but it will not run again.
  DELETED: 'paused',
  CREATE_FAILED: 'failed',
  START_JOB_FAILED: 'failed',
  FULL_TRANSFER_FAILED: 'failed',
  INCRE_TRANSFER_FAILED: 'failed',
  RELEASE_RESOURCE_FAILED: 'failed',
  REBUILD_NODE_FAILED: 'failed',
  CHANGE_JOB_FAILED: 'failed',
  CHILD_TRANSFER_FAILED: 'failed',
  NODE_UPGRADE_FAILED: 'failed',
};

/**
 * Job types (the `task_type` DRS uses elsewhere: FULL_TRANS, INCR_TRANS, FULL_INCR_TRANS) that end
 * with the full load. The batch-status answer does not document the field; when an item carries it,
 * a full-only job's FULL_TRANSFER_COMPLETE is `succeeded`.
 */
export const DRS_FULL_ONLY_TYPES: ReadonlySet<string> = new Set(['FULL_TRANS']);
export const DRS_FULL_ONLY_PHASES: Readonly<Record<string, Phase>> = {
  FULL_TRANSFER_COMPLETE: 'succeeded',
};
