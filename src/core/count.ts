import { UsageError } from './errors.js';

/** A whole number from a flag, within [min, max]; `fallback` when not given. */
export function parseCount(value: string | number | undefined, what: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`invalid ${what} "${value}"`, { suggestion: `Use a whole number from ${min} to ${max}` });
  return n;
}
