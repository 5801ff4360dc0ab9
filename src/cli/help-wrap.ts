/** Help width off a terminal: piped help (docs, tests, `| less`) reads the same everywhere. */
export const PIPED_HELP_WIDTH = 80;

/** The width help wraps at: the terminal's when stdout is one, else 80. */
export function helpWidth(isTTY: boolean, columns: number | undefined): number {
  return isTTY && columns && columns > 0 ? columns : PIPED_HELP_WIDTH;
}

/** "  --flag <x>   description": the description's column is where its continuation lines go. */
const TERM_ROW = /^(\s+\S+(?: \S+)*\s{2,})\S/;

const indentOf = (line: string) => line.length - line.trimStart().length;

/** "Waiting (--wait): ..." starts a paragraph of its own, even right under another. */
const LABELLED = /^[A-Z][\w ,()<>/.|-]{0,40}: /;

/**
 * Wraps help to `width`. Commander wraps option descriptions itself; this catches the rest
 * (addHelpText sections, examples, descriptions commander leaves alone). A block that fits is left as
 * written; one that does not is reflowed: a prose paragraph (unindented lines) as a whole, a
 * "term  description" row with the lines under its description, an example with its trailing comment
 * moved under it; any other line is wrapped on its own, two columns deeper.
 */
export function wrapHelp(text: string, width: number): string {
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; ) {
    const { indent, joins } = blockOf(lines[i], width);
    let j = i + 1;
    while (joins && j < lines.length && lines[j].trim() && indentOf(lines[j]) === indent && !LABELLED.test(lines[j])) j++;
    const block = lines.slice(i, j);
    out.push(block.some((l) => l.length > width) ? wrapLine(joinLines(block), width, indent) : block.join('\n'));
    i = j;
  }
  return out.join('\n');
}

/** Where a line's continuation lines are indented, and whether the lines below it at that indent continue it. */
function blockOf(line: string, width: number): { indent: number; joins: boolean } {
  const column = TERM_ROW.exec(line)?.[1].length;
  if (column !== undefined && column <= width / 2) return { indent: column, joins: true };
  if (line.trim() && indentOf(line) === 0) return { indent: 0, joins: true };
  return { indent: Math.min(indentOf(line) + 2, Math.floor(width / 2)), joins: false };
}

/** One line of a hand-wrapped block (a line ending in "/" was split inside a word). */
function joinLines(block: string[]): string {
  return block.reduce((text, line) => text + (text.endsWith('/') ? '' : ' ') + line.trim());
}

function wrapLine(line: string, width: number, indent: number): string {
  // An example's trailing "   # comment" moves under the command rather than breaking mid-comment.
  const example = /^(\s*\$ .*\S)\s{2,}(# .*)$/.exec(line);
  if (example && line.length > width) {
    const under = ' '.repeat(indentOf(line) + 4);
    return wrapHelp(`${example[1]}\n${under}${example[2]}`, width);
  }
  const out: string[] = [];
  let rest = line;
  while (rest.length > width) {
    // Break at the last space that fits, past any leading indent; a word longer than the line is cut.
    const head = rest.slice(0, width + 1);
    let at = head.lastIndexOf(' ');
    if (at <= indentOf(head)) at = width;
    out.push(rest.slice(0, at).trimEnd());
    rest = ' '.repeat(indent) + rest.slice(at).trimStart();
  }
  out.push(rest);
  return out.join('\n');
}
