import { formatDuration, formatEta } from '../core/duration.js';
import type { Result } from '../core/model.js';

export function formatProgress(progress: number | null): string {
  if (progress === null) return '-';
  return `${Number.isInteger(progress) ? progress : progress.toFixed(1)}%`;
}

export function formatLag(lagMs: number | null): string {
  return lagMs === null ? '-' : formatDuration(lagMs);
}

export function orDash(value: string | null | undefined): string {
  return value === null || value === undefined || value === '' ? '-' : value;
}

/** A row's progress, with a wait's ETA for a full load (details.etaMs): "52% ETA 12m". */
export function progressText(r: Pick<Result, 'progress' | 'details'>): string {
  const eta = r.details.etaMs;
  return formatProgress(r.progress) + (typeof eta === 'number' && r.progress !== null ? ` ETA ${formatEta(eta)}` : '');
}

/** A row's lag; "3s (stale)" when a wait found the service no longer refreshes it (details.lagStale). */
export function lagText(r: Pick<Result, 'lagMs' | 'details'>): string {
  return formatLag(r.lagMs) + (isStale(r) ? ' (stale)' : '');
}

export const isStale = (r: Pick<Result, 'lagMs' | 'details'>): boolean => r.details.lagStale === true && r.lagMs !== null;
