/**
 * The topic pages are Markdown-ish plain text (docs/help/*.md): `#`/`##` headings, paragraphs, `- ` and
 * `1. ` lists, ``` blocks. On a terminal they read as written, less the markup: headings as plain
 * lines, `code` without its backticks, paragraphs and list items filled to `width` (list items hang
 * under their text), code blocks indented and left as they are.
 */
export function topicForTerminal(markdown: string, width: number): string {
  const out: string[] = [];
  let code = false;
  let para: { lead: string; text: string[] } | undefined;
  const flush = () => {
    if (para) out.push(fill(para.lead, plain(para.text.join(' ')).trim().split(/\s+/), width));
    para = undefined;
  };
  for (const line of markdown.replace(/\r\n?/g, '\n').trimEnd().split('\n')) {
    if (line.startsWith('```')) {
      flush();
      code = !code;
    } else if (code) out.push(line ? `  ${line}` : '');
    else if (/^#{1,6} /.test(line)) {
      flush();
      out.push(plain(line.replace(/^#+ /, '')));
    } else if (line.trim() === '') {
      flush();
      out.push('');
    } else {
      const item = /^(- |\d+\. )(.*)$/.exec(line);
      if (item) flush();
      if (item) para = { lead: item[1], text: [item[2]] };
      else if (para) para.text.push(line.trim());
      else para = { lead: '', text: [line.trim()] };
    }
  }
  flush();
  return out.join('\n') + '\n';
}

const plain = (text: string) => text.replace(/`([^`]*)`/g, '$1');

/** Words filled to `width`, the first line after `lead`, the others under the first word. */
function fill(lead: string, list: string[], width: number): string {
  const indent = ' '.repeat(lead.length);
  const lines: string[] = [];
  let line = lead + list[0];
  for (const word of list.slice(1)) {
    if (line.length + 1 + word.length > width) {
      lines.push(line);
      line = indent + word;
    } else line += ` ${word}`;
  }
  lines.push(line);
  return lines.join('\n');
}
