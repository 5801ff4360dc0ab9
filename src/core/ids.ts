import { UsageError } from './errors.js';

export interface IdRules {
  /** "replication id", "job id" ... used in messages. */
  noun: string;
  /** Expected shape; `strict` makes a mismatch an error, otherwise a warning. */
  pattern?: RegExp;
  strict?: boolean;
  example?: string;
  shape?: string;
}

// Ids go into URL paths, query strings and signed strings: only characters that need no escaping.
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;

/** Checks a list of ids before any request: none missing, empty, malformed or repeated. Returns warnings. */
export function validateIds(ids: readonly string[], rules: IdRules): string[] {
  if (ids.length === 0) throw new UsageError(`no ${rules.noun} given`, { suggestion: `Pass one or more, e.g. ${rules.example ?? '<id>'}` });
  const warnings: string[] = [];
  const bad = ids.filter((id) => !SAFE_ID.test(id) || id.length > 128);
  if (bad.length) {
    const shown = bad.map((id) => JSON.stringify(id)).join(', ');
    throw new UsageError(`malformed ${rules.noun}${bad.length > 1 ? 's' : ''}: ${shown}`, {
      suggestion: `Ids are letters, digits, "-", "_", "." or ":" with no spaces${rules.example ? `, e.g. ${rules.example}` : ''}`,
    });
  }
  const seen = new Set<string>();
  const dupes = new Set<string>();
  for (const id of ids) (seen.has(id) ? dupes : seen).add(id);
  if (dupes.size) throw new UsageError(`duplicate ${rules.noun}${dupes.size > 1 ? 's' : ''}: ${[...dupes].join(', ')}`, { suggestion: 'Give each id once' });
  if (rules.pattern) {
    const off = ids.filter((id) => !rules.pattern!.test(id));
    if (off.length && rules.strict) {
      throw new UsageError(`malformed ${rules.noun}${off.length > 1 ? 's' : ''}: ${off.join(', ')}`, { suggestion: `Expected ${rules.shape ?? rules.pattern.source}${rules.example ? `, e.g. ${rules.example}` : ''}` });
    }
    for (const id of off) warnings.push(`${id} does not look like a ${rules.noun} (${rules.shape ?? rules.pattern.source}); querying it anyway`);
  }
  return warnings;
}
