import type { Phase } from '../../core/model.js';

/** UDTS task status -> phase. Synced flips back to Syncing on new changes: both are the steady state. */
export const UDTS_PHASES: Readonly<Record<string, Phase>> = {
  Created: 'pending',
  Starting: 'running',
  Started: 'running',
  Checking: 'running',
  Dumping: 'running',
  Loading: 'running',
  RetryPending: 'running',
  Syncing: 'syncing',
  Synced: 'syncing',
  Done: 'succeeded',
  Success: 'succeeded',
  Stopping: 'paused',
  Stopped: 'paused',
  Failed: 'failed',
  FailedUnrecoverable: 'failed',
  StoppedUnrecoverable: 'failed',
};

/** RetCodes that mean the credentials were refused: exit 3, never retried. */
export const CREDENTIAL_RETCODES: ReadonlySet<number> = new Set([171, 172, 174, 294, 295, 299]);
/** RetCodes worth another attempt with backoff: gateway timeout/error, unavailable, rate-limited. */
/** "rate-limited (retry with backoff)": the whole pool slows down. */
export const THROTTLED_RETCODE = 153;

export const RETRYABLE_RETCODES: ReadonlySet<number> = new Set([110, 130, 150, 153]);
