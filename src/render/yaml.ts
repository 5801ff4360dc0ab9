import { dump, load } from 'js-yaml';

/**
 * `-o yaml`: the same data as JSON, as YAML. js-yaml escapes C0, C1, LS/PS and BOM (it double-quotes
 * a string holding one) but leaves bidi controls and invisible format characters raw, as printable.
 * Those must not reach a terminal either: a dump holding one is redone with every value
 * double-quoted and the characters written as \u escapes (checked by reading it back); should a key
 * hold one, the answer is JSON with \u escapes, which is YAML too.
 */

/** What neutralize() rewrites (safe-text.ts), but for a line feed: YAML's own line breaks. */
const YAML_UNSAFE = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u061C\u200B\u200E\u200F\u2028\u2029\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\uFFF9-\uFFFB]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const escape = (text: string) => text.replace(YAML_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
const hasUnsafe = (text: string) => text.search(YAML_UNSAFE) !== -1;

const OPTIONS = { lineWidth: -1, noRefs: true } as const;

export function renderYaml(value: unknown): string {
  const text = dump(value, OPTIONS);
  if (!hasUnsafe(text)) return text;
  const quoted = escape(dump(value, { ...OPTIONS, forceQuotes: true, quotingType: '"' }));
  if (sameData(quoted, value)) return quoted;
  return escape(JSON.stringify(value, null, 2)) + '\n';
}

function sameData(yaml: string, value: unknown): boolean {
  try {
    return JSON.stringify(load(yaml)) === JSON.stringify(value);
  } catch {
    return false;
  }
}
