import { formatDuration } from '../core/duration.js';

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
