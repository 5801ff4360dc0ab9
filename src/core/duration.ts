import { UsageError } from './errors.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;

/** Parses "500ms", "10s", "1.5m", "1h30m" or a bare number of seconds into milliseconds. */
export function parseDuration(text: string, what = 'duration'): number {
  const input = text.trim();
  if (/^\d+(\.\d+)?$/.test(input)) return Math.round(Number(input) * 1000);
  PART.lastIndex = 0;
  let total = 0;
  let consumed = 0;
  for (let m = PART.exec(input); m; m = PART.exec(input)) {
    total += Number(m[1]) * UNIT_MS[m[2]];
    consumed = PART.lastIndex;
  }
  if (input === '' || consumed !== input.length) {
    throw new UsageError(`invalid ${what} "${text}"`, { suggestion: 'Use a number with a unit, e.g. 500ms, 10s, 5m, 1h30m' });
  }
  return Math.round(total);
}

/** Human form of a millisecond count: 672ms, 4.2s, 3m05s, 1h02m. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) {
    const s = ms / 1000;
    return `${s < 10 ? s.toFixed(1).replace(/\.0$/, '') : Math.round(s)}s`;
  }
  const totalS = Math.round(ms / 1000);
  if (totalS < 3600) return `${Math.floor(totalS / 60)}m${String(totalS % 60).padStart(2, '0')}s`;
  const totalM = Math.floor(totalS / 60);
  if (totalM < 24 * 60) return `${Math.floor(totalM / 60)}h${String(totalM % 60).padStart(2, '0')}m`;
  return `${Math.floor(totalM / 1440)}d${String(Math.floor((totalM % 1440) / 60)).padStart(2, '0')}h`;
}

/** An ETA as people say it: "45s", "12m", "2h10m", "3d04h". */
export function formatEta(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m}m`;
  if (m < 24 * 60) return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
  const h = Math.round(m / 60);
  return `${Math.floor(h / 24)}d${String(h % 24).padStart(2, '0')}h`;
}

/**
 * `value` in a form that visibly differs from `limit` when it exceeds it: "lag 50.4s > 50s", never
 * "lag 50s > 50s" (both rounded alike).
 */
export function formatOver(valueMs: number, limitMs: number): string {
  const shown = formatDuration(valueMs);
  if (shown !== formatDuration(limitMs) || valueMs === limitMs) return shown;
  return valueMs < 1000 ? `${valueMs}ms` : `${(valueMs / 1000).toFixed(3).replace(/0+$/, '')}s`;
}
