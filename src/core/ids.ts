import { UsageError } from './errors.js';

export interface IdRules {
  /** "replication id", "job id" ... used in messages. */
  noun: string;
  /**
   * The usual shape. A convention, not a contract: a mismatch is a warning and the id is queried
   * anyway (the service is the judge of its own ids).
   */
  pattern?: RegExp;
  example?: string;
  shape?: string;
}

/**
 * Ids go into URL paths, query strings and signed strings: only characters that need no escaping
 * there, starting with a letter or digit (no "." or ".." path segments, nothing read as a flag).
 */
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;
/** Longest id accepted (documented in the README: Safety). */
export const MAX_ID_LENGTH = 128;
/** Most ids one command takes, from arguments, --file and stdin together. */
export const MAX_IDS = 10_000;
/** Most ids (bad or duplicate) named in one message; the rest are counted. */
const SHOWN = 5;
/** Most characters of one id quoted in a message: input can be anything, of any size. */
const QUOTED_CHARS = 40;

/** An id as a message shows it: JSON-quoted, cut to 40 characters plus "… (N bytes)" when longer. */
export function quoteId(id: string): string {
  if (id.length <= QUOTED_CHARS) return JSON.stringify(id);
  return `${JSON.stringify(id.slice(0, QUOTED_CHARS))}… (${Buffer.byteLength(id)} bytes)`;
}

function listed(ids: readonly string[]): string {
  const shown = ids.slice(0, SHOWN).join(', ');
  return ids.length > SHOWN ? `${shown} and ${ids.length - SHOWN} more` : shown;
}

/**
 * Checks a list of ids before any request. Refused (exit 2): none given, an empty id, characters
 * unsafe in a URL or a signature, a duplicate. An id of an unusual shape is a warning only.
 * `origins` (parallel to `ids`: "--file jobs.txt line 3", "argument 1") names where each refused id
 * was written.
 */
export function validateIds(ids: readonly string[], rules: IdRules, origins?: readonly string[]): string[] {
  const at = (i: number) => (origins?.[i] ? ` (${origins[i]})` : '');
  if (ids.length === 0) throw new UsageError(`no ${rules.noun} given`, { suggestion: `Pass one or more, e.g. ${rules.example ?? '<id>'}` });
  if (ids.length > MAX_IDS) throw new UsageError(`${ids.length} ${rules.noun}s given; at most ${MAX_IDS.toLocaleString('en-US')} in one run`, { suggestion: 'Split the list over several runs' });
  const warnings: string[] = [];
  const bad = ids.flatMap((id, i) => (id.length > MAX_ID_LENGTH || !SAFE_ID.test(id) ? [quoteId(id) + at(i)] : []));
  if (bad.length) {
    throw new UsageError(`malformed ${rules.noun}${bad.length > 1 ? 's' : ''}: ${listed(bad)}`, {
      suggestion: `Ids are up to ${MAX_ID_LENGTH} letters, digits, "-", "_", "." or ":", starting with a letter or digit, with no spaces${rules.example ? `, e.g. ${rules.example}` : ''}`,
    });
  }
  // Each id's positions; a duplicate is named with every place it was written (when known).
  const positions = new Map<string, number[]>();
  for (const [i, id] of ids.entries()) {
    const seen = positions.get(id);
    if (seen) seen.push(i);
    else positions.set(id, [i]);
  }
  const dupes = [...positions].filter(([, at]) => at.length > 1);
  if (dupes.length) {
    const named = dupes.map(([id, where]) => (origins ? `${id} (${where.slice(0, 3).map((i) => origins[i]).join(', ')}${where.length > 3 ? ', …' : ''})` : id));
    throw new UsageError(`duplicate ${rules.noun}${dupes.length > 1 ? 's' : ''}: ${listed(named)}`, { suggestion: 'Give each id once' });
  }
  if (rules.pattern) {
    const odd = ids.filter((id) => !rules.pattern!.test(id));
    for (const id of odd.slice(0, SHOWN)) warnings.push(`${id} does not look like ${/^[aeio]/i.test(rules.noun) ? 'an' : 'a'} ${rules.noun} (usually ${rules.shape ?? rules.pattern.source}); querying it anyway`);
    if (odd.length > SHOWN) warnings.push(`${odd.length - SHOWN} more ${rules.noun}s do not look like that either; querying them anyway`);
  }
  return warnings;
}
