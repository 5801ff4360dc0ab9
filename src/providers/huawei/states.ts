import type { Phase } from '../../core/model.js';

/**
 * StarRocks sync task stage -> phase (lower-cased: the docs' example writes "Incremental").
 * Applies while status is "Yes"; status "No" (abnormal) is failed whatever the stage.
 */
export const STARROCKS_STAGE_PHASES: Readonly<Record<string, Phase>> = {
  wait: 'pending',
  full: 'running',
  incremental: 'syncing',
  paused: 'paused',
  cancelled: 'paused',
};

/** StarRocks task `status`: Yes = normal (the stage decides), No = abnormal. */
export const STARROCKS_STATUS_PHASES: Readonly<Record<string, Phase | null>> = {
  yes: null,
  no: 'failed',
};

/** DRS job status -> phase. Every value the docs list, including the PAUSEING misspelling. */
export const DRS_PHASES: Readonly<Record<string, Phase>> = {
  CREATING: 'pending',
  CONFIGURATION: 'pending',
  WAITING_FOR_START: 'pending',
  STARTJOBING: 'running',
  FULL_TRANSFER_STARTED: 'running',
  REBUILD_NODE_STARTED: 'running',
  CHANGE_JOB_STARTED: 'running',
  CHILD_TRANSFER_STARTING: 'running',
  CHILD_TRANSFER_STARTED: 'running',
  RELEASE_RESOURCE_STARTED: 'running',
  RELEASE_CHILD_TRANSFER_STARTED: 'running',
  NODE_UPGRADE_START: 'running',
  NODE_UPGRADE_COMPLETE: 'running',
  INCRE_TRANSFER_STARTED: 'syncing',
  FULL_TRANSFER_COMPLETE: 'succeeded',
  CHILD_TRANSFER_COMPLETE: 'succeeded',
  PAUSING: 'paused',
  PAUSEING: 'paused',
  // Ended by the operator: stopped or deleted, not a failure.
  RELEASE_RESOURCE_COMPLETE: 'paused',
  RELEASE_CHILD_TRANSFER_COMPLETE: 'paused',
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
