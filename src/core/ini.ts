/**
 * A minimal INI reader for vendor credential files: `[section]`, `key = value` (or `key: value`),
 * `#` and `;` comment lines. Keys and section names as written; values trimmed.
 */
export function parseIni(text: string): Record<string, Record<string, string>> {
  const sections: Record<string, Record<string, string>> = {};
  let current: Record<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const section = /^\[([^\]]+)\]$/.exec(line);
    if (section) {
      current = sections[section[1].trim()] ??= {};
      continue;
    }
    const pair = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(line);
    if (pair && current) current[pair[1]] = pair[2];
  }
  return sections;
}
