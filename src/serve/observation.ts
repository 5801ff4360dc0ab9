import type { Result } from '../core/model.js';

/** What the exporter remembers of one task row between polls. */
export interface Observation {
  /** Unix ms of the last successful observation of the row. */
  observedAt: number;
  /** True when the lag value is stale (not refreshed by the service). */
  stale: boolean;
}

/**
 * The seam for stale-lag detection: given what was observed of a row before (undefined the first
 * time) and its new result at `pollTime`, when it was observed and whether its lag is stale. For now
 * the observation time is the poll time and no lag is called stale; the wait engine's stale-lag
 * detection (the same value and source timestamp over polls) plugs in here.
 */
export function observe(_previous: (Observation & { result: Result }) | undefined, _result: Result, pollTime: number): Observation {
  return { observedAt: pollTime, stale: false };
}
