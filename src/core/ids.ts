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
const MAX_ID_LENGTH = 128;

/**
 * Checks a list of ids before any request. Refused (exit 2): none given, an empty id, characters
 * unsafe in a URL or a signature, a duplicate. An id of an unusual shape is a warning only.
 */
export function validateIds(ids: readonly string[], rules: IdRules): string[] {
  if (ids.length === 0) throw new UsageError(`no ${rules.noun} given`, { suggestion: `Pass one or more, e.g. ${rules.example ?? '<id>'}` });
  const warnings: string[] = [];
  const bad = ids.filter((id) => !SAFE_ID.test(id) || id.length > MAX_ID_LENGTH);
  if (bad.length) {
    const shown = bad.map((id) => JSON.stringify(id)).join(', ');
    throw new UsageError(`malformed ${rules.noun}${bad.length > 1 ? 's' : ''}: ${shown}`, {
      suggestion: `Ids are up to ${MAX_ID_LENGTH} letters, digits, "-", "_", "." or ":", starting with a letter or digit, with no spaces${rules.example ? `, e.g. ${rules.example}` : ''}`,
    });
  }
  const seen = new Set<string>();
  const dupes = new Set<string>();
  for (const id of ids) (seen.has(id) ? dupes : seen).add(id);
  if (dupes.size) throw new UsageError(`duplicate ${rules.noun}${dupes.size > 1 ? 's' : ''}: ${[...dupes].join(', ')}`, { suggestion: 'Give each id once' });
  if (rules.pattern) {
    for (const id of ids) if (!rules.pattern.test(id)) warnings.push(`${id} does not look like ${/^[aeio]/i.test(rules.noun) ? 'an' : 'a'} ${rules.noun} (usually ${rules.shape ?? rules.pattern.source}); querying it anyway`);
  }
  return warnings;
}
