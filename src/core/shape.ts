import { NetworkError, SyncstatError } from './errors.js';
import { toNumber } from './model.js';

/**
 * Reading answers the tool does not control. Nothing a server sends may crash a run or break the
 * output contract (schema/output.schema.json): a structure that is not the documented one (a list
 * that is an object, a null item) is that id's error, MALFORMED_ANSWER (exit 5); a field of the wrong
 * type is normalized (a number where text belongs is its text, an object is dropped and noted), and
 * numbers are kept in range (progress 0-100, lag >= 0).
 */

export const MALFORMED_ANSWER = 'MALFORMED_ANSWER';

/** What a value is, in words: "null", "an array", "an object", "a number (-5)". */
export function kindOf(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return `a number (${value})`;
  return `a ${typeof value}`;
}

/** An answer that is not the documented shape: that id's error, exit 5. Not retried: the service would say it again. */
export function malformedAnswer(what: string, init: { requestId?: string | null; cause?: unknown } = {}): NetworkError {
  return new NetworkError(`malformed answer: ${what}`, { code: MALFORMED_ANSWER, retryable: false, ...init });
}

/**
 * The safety net under every provider's reading of an answer: an error that is not one of ours
 * (a TypeError or RangeError on a shape nobody foresaw) becomes that id's malformed-answer error rather
 * than ending the run with exit 70. Anything else is still a bug. `debug` gets the stack (--debug).
 */
export function asAnswerError(err: unknown, debug?: (message: string) => void): unknown {
  if (err instanceof SyncstatError || !(err instanceof TypeError || err instanceof RangeError)) return err;
  debug?.(`could not read an answer (reported as a malformed answer): ${err.stack ?? err.message}`);
  const why = err instanceof RangeError && /call stack/i.test(err.message) ? 'nested too deeply to read' : `unreadable (${err.message})`;
  return malformedAnswer(why, { cause: err });
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object at `where` in an answer, or its malformed-answer error. */
export function objectAt(value: unknown, where: string, requestId: string | null = null): Record<string, unknown> {
  if (!isRecord(value)) throw malformedAnswer(`${where} is ${kindOf(value)}, not an object`, { requestId });
  return value;
}

/** A list of objects at `where`; absent (missing or null) is an empty list. Anything else is malformed. */
export function listOfObjects(value: unknown, where: string, requestId: string | null = null): Record<string, unknown>[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw malformedAnswer(`${where} is ${kindOf(value)}, not a list`, { requestId });
  value.forEach((item, i) => {
    if (!isRecord(item)) throw malformedAnswer(`${where}[${i}] is ${kindOf(item)}, not an object`, { requestId });
  });
  return value as Record<string, unknown>[];
}

/** Text where text belongs: a string as is, a number or boolean as its text, anything else null. */
export function text(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') return String(value);
  return null;
}

/** Looks a string up in a table of its own keys only: "constructor" or "__proto__" is no entry. */
export function lookup<T>(table: Readonly<Record<string, T>>, key: string | null | undefined): T | undefined {
  return key != null && Object.hasOwn(table, key) ? table[key] : undefined;
}

/**
 * Reads the fields of one answer, noting each value it could not use (an object where text belongs, a
 * negative lag): one warning per id says what was ignored, so a dropped value is never silent.
 */
export class FieldReader {
  private readonly ignored: string[] = [];

  /** Notes a value that was there but is not used. */
  ignore(field: string, value: unknown, why: string): void {
    this.ignored.push(`${field} (${kindOf(value)}, ${why})`);
  }

  /** Text, or null (noted when the value was there but not text). */
  text(value: unknown, field: string): string | null {
    const t = text(value);
    if (t === null && value !== null && value !== undefined) this.ignore(field, value, 'not text');
    return t;
  }

  /** A number, or null (noted when the value was there but not a number). */
  number(value: unknown, field: string): number | null {
    const n = toNumber(value);
    if (n === null && value !== null && value !== undefined && value !== '') this.ignore(field, value, 'not a number');
    return n;
  }

  /** A percentage clamped to 0-100 (float noise and out-of-range values alike), or null. */
  percent(value: unknown, field: string): number | null {
    const n = this.number(value, field);
    return n === null ? null : Math.min(100, Math.max(0, n));
  }

  /**
   * A lag in milliseconds (`scale` converts seconds), or null. A negative lag is no lag at all: it is
   * dropped and noted, never shown as 0 (which would pass a --max-lag gate on a nonsense answer).
   */
  lagMs(value: unknown, field: string, scale = 1): number | null {
    const n = this.number(value, field);
    if (n === null) return null;
    if (n < 0) {
      this.ignore(field, n, 'a negative lag');
      return null;
    }
    return Math.round(n * scale);
  }

  /** The one warning for an id, when anything was ignored. */
  warnings(id: string): string[] {
    if (!this.ignored.length) return [];
    return [`${id}: ignored ${this.ignored.join(', ')} in the answer`];
  }
}
