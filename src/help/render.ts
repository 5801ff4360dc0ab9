/**
 * The topic pages are Markdown-ish plain text (src/help/*.md): `#`/`##` headings, paragraphs, `- `
 * lists, numbered lists and ``` blocks. On a terminal they read as written, less the markup: headings
 * as plain lines, code blocks indented, `code` without its backticks.
 */
export function topicForTerminal(markdown: string): string {
  const out: string[] = [];
  let code = false;
  for (const line of markdown.replace(/\r\n?/g, '\n').trimEnd().split('\n')) {
    if (line.startsWith('```')) {
      code = !code;
      continue;
    }
    if (code) out.push(line ? `  ${line}` : '');
    else out.push(line.replace(/^#{1,6} /, '').replace(/`([^`]*)`/g, '$1'));
  }
  return out.join('\n') + '\n';
}
