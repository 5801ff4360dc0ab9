import type { Phase } from '../../core/model.js';

/**
 * NineData task/subtask status -> phase. `running` is refined by the current subtask: a task whose
 * current subtask is incremental (`inc_writer`) is in its healthy steady state, `syncing`.
 */
export const NINEDATA_TASK_PHASES: Readonly<Record<string, Phase>> = {
  createSuccess: 'pending',
  notStarted: 'pending',
  preCheckSuccess: 'pending',
  preChecking: 'running',
  starting: 'running',
  running: 'running',
  success: 'succeeded',
  suspended: 'paused',
  stopped: 'paused',
  failed: 'failed',
  abnormal: 'failed',
  locked: 'failed',
  preCheckFailed: 'failed',
};

export const INCREMENTAL_SUBTASK = 'inc_writer';

/** Precheck verdict -> phase of the precheck row. A warning passes unless --fail-on warning. */
export const NINEDATA_PRECHECK_PHASES: Readonly<Record<string, Phase>> = {
  success: 'succeeded',
  warning: 'succeeded',
  failure: 'failed',
};

/** Order of precheck items in a report: failures first, then warnings, then passes. */
export const PRECHECK_ITEM_ORDER: Readonly<Record<string, number>> = { failure: 0, warning: 1, success: 2 };
