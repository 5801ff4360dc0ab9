/** `export NAME='value'` lines for a POSIX shell: single quotes, so no value is ever expanded. */
export function exportLines(env: Record<string, string>): string {
  return Object.entries(env)
    .map(([name, value]) => `export ${name}='${value.replaceAll("'", `'\\''`)}'\n`)
    .join('');
}
