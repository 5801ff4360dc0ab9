// Writes man/syncstat.1 from the text `syncstat help <topic>` prints (docs/help/*.md) and every
// command's own --help, asked of the CLI just built: one text for the terminal, the README and man.
// A small roff generator: everything from the text is escaped, so no line can become a request.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** Text as roff: backslashes, a leading . or ', dashes, and every non-ASCII character escaped. */
export function roffText(text) {
  const escaped = text
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\\/g, '\\e')
    .replace(/-/g, '\\-')
    .replace(/[^\x20-\x7e]/gu, (ch) => (ch === '\t' ? '    ' : `\\[u${ch.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}]`));
  return /^[.']/.test(escaped) ? `\\&${escaped}` : escaped;
}

/** `code` in running text as bold. */
function inline(text) {
  return text
    .split(/(`[^`]*`)/)
    .map((part) => (part.startsWith('`') && part.endsWith('`') && part.length > 1 ? `\\fB${roffText(part.slice(1, -1))}\\fR` : roffText(part)))
    .join('');
}

/** Preformatted lines (a code block, a command's --help), each escaped. */
export function roffBlock(lines) {
  return ['.PP', '.RS 4', '.nf', ...lines.map((l) => (l === '' ? '' : roffText(l))), '.fi', '.RE'].join('\n').replace(/\n\n/g, '\n.sp\n');
}

/**
 * One topic page (Markdown-ish: `#` title, `##` sections, paragraphs, `- ` and `1. ` lists, ```
 * blocks) as a man page section named `heading`.
 */
export function topicToRoff(heading, markdown) {
  const out = [`.SH ${roffText(heading.toUpperCase())}`];
  const lines = markdown.replace(/\r\n?/g, '\n').trimEnd().split('\n');
  let code = null;
  let para = null;
  const flush = () => {
    if (para) out.push(para.head, inline(para.text.join(' ')));
    para = null;
  };
  for (const line of lines) {
    if (code) {
      if (line.startsWith('```')) {
        out.push(roffBlock(code));
        code = null;
      } else code.push(line);
      continue;
    }
    if (line.startsWith('```')) {
      flush();
      code = [];
    } else if (/^# /.test(line)) {
      flush();
      out.push('.PP', inline(line.slice(2).trim()));
    } else if (/^#{2,6} /.test(line)) {
      flush();
      out.push(`.SS ${roffText(line.replace(/^#+ /, '').trim())}`);
    } else if (/^- /.test(line)) {
      flush();
      para = { head: '.IP \\(bu 2', text: [line.slice(2).trim()] };
    } else if (/^\d+\. /.test(line)) {
      flush();
      para = { head: `.IP ${roffText(line.match(/^\d+\./)[0])} 4`, text: [line.replace(/^\d+\. /, '').trim()] };
    } else if (line.trim() === '') flush();
    else if (para) para.text.push(line.trim());
    else para = { head: '.PP', text: [line.trim()] };
  }
  flush();
  if (code) out.push(roffBlock(code));
  return out.join('\n');
}

/** The topics and their text, from the TypeScript sources (bundled in memory, .md as text). */
async function loadTopics(root) {
  const result = await build({
    stdin: { contents: "export { TOPICS } from './topics.ts'; export { TOPIC_TEXT } from './text.ts';", resolveDir: fileURLToPath(new URL('src/help/', root)), loader: 'ts' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    loader: { '.md': 'text' },
    logLevel: 'warning',
  });
  return import(`data:text/javascript;base64,${Buffer.from(result.outputFiles[0].text).toString('base64')}`);
}

/** Runs the CLI just built, as a user would (piped: 80 columns, no colour, no code cache written). */
function cli(root, args) {
  return execFileSync(process.execPath, [fileURLToPath(new URL('bin/syncstat.cjs', root)), ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', NODE_DISABLE_COMPILE_CACHE: '1' },
  });
}

export async function writeManPage(root, version) {
  const { TOPICS, TOPIC_TEXT } = await loadTopics(root);
  // The commands as the program declares them (its own completion protocol lists them).
  const commands = cli(root, ['__complete', ''])
    .trimEnd()
    .split('\n')
    .filter((l) => !l.startsWith(':'))
    .map((l) => l.split('\t')[0]);
  const description = cli(root, ['--help']).split('\n\n')[1].replace(/\s+/g, ' ').trim();
  const page = [
    `.TH SYNCSTAT 1 "" "syncstat ${roffText(version)}" "User Commands"`,
    '.SH NAME',
    `syncstat \\- ${roffText(description.replace(/^Where/, 'where'))}`,
    '.SH SYNOPSIS',
    '.B syncstat',
    '\\fIcommand\\fR [\\fIoptions\\fR] [\\fIid\\fR ...]',
    '.br',
    '.B syncstat help',
    `[\\fItopic\\fR|\\fIcommand\\fR]`,
    '.SH DESCRIPTION',
    inline(description),
    '.PP',
    `Every command has \\fB\\-\\-help\\fR; the topics below are also \\fBsyncstat help\\fR \\fItopic\\fR: ${TOPICS.map((t) => `\\fB${roffText(t.name)}\\fR (${roffText(t.summary)})`).join(', ')}.`,
    '.SH COMMANDS',
    ...commands.flatMap((name) => [`.SS ${roffText(name)}`, roffBlock(cli(root, [name, '--help']).trimEnd().split('\n'))]),
    ...TOPICS.map((t) => topicToRoff(`${t.name}`, TOPIC_TEXT[t.name])),
    '.SH SEE ALSO',
    'The README of the syncstat package; \\fBsyncstat config\\fR for the settings in use.',
    '',
  ].join('\n');
  mkdirSync(new URL('man/', root), { recursive: true });
  writeFileSync(new URL('man/syncstat.1', root), page);
}
