import { nextFreshness, type FreshnessOptions, type FreshState } from '../core/freshness.js';
import type { Result } from '../core/model.js';

/** What the exporter remembers of one task row between polls: its lag's freshness (core/freshness.ts). */
export interface Observation extends FreshState {
  /** Unix ms when the row's reading last changed: the service's last sign of life for the task. */
  observedAt: number;
}

/**
 * The row's observation after a poll at `pollTime`, from the one before (undefined the first time):
 * the same stale-lag rule as a wait (the same non-zero lag, status and position over polls spanning
 * the threshold), so an alert and `--until --max-lag` agree on what "stale" is.
 */
export function observe(previous: Observation | undefined, result: Result, pollTime: number, opts: FreshnessOptions = {}): Observation {
  const fresh = nextFreshness(previous, result, pollTime, opts);
  return { ...fresh, observedAt: fresh.changedAt };
}
