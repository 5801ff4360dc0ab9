/** Help width off a terminal: piped help (docs, tests, `| less`) reads the same everywhere. */
export const PIPED_HELP_WIDTH = 80;

/** The width help wraps at: the terminal's when stdout is one, else 80. */
export function helpWidth(isTTY: boolean, columns: number | undefined): number {
  return isTTY && columns && columns > 0 ? columns : PIPED_HELP_WIDTH;
}

/**
 * Wraps every line of help longer than `width`. Commander wraps option descriptions itself; this
 * catches the rest (addHelpText sections, examples, and descriptions commander leaves alone on a narrow
 * terminal). A continuation line is indented under the text it continues: under the description column
 * of a "  term   description" row, else two more than the line's own indent.
 */
export function wrapHelp(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => (line.length <= width ? line : wrapLine(line, width)))
    .join('\n');
}

function wrapLine(line: string, width: number): string {
  // An example's trailing "   # comment" moves under the command rather than breaking mid-comment.
  const example = /^(\s*\$ .*\S)\s{2,}(# .*)$/.exec(line);
  if (example) {
    const under = ' '.repeat(line.length - line.trimStart().length + 4);
    return wrapHelp(`${example[1]}\n${under}${example[2]}`, width);
  }
  const indent = continuationIndent(line, width);
  const out: string[] = [];
  let rest = line;
  while (rest.length > width) {
    // Break at the last space that fits, past any leading indent; a word longer than the line is cut.
    const head = rest.slice(0, width + 1);
    const leading = head.length - head.trimStart().length;
    let at = head.lastIndexOf(' ');
    if (at <= leading) at = width;
    out.push(rest.slice(0, at).trimEnd());
    rest = ' '.repeat(indent) + rest.slice(at).trimStart();
  }
  out.push(rest);
  return out.join('\n');
}

function continuationIndent(line: string, width: number): number {
  const own = line.length - line.trimStart().length;
  // "  --flag <x>   description": continue under the description when that leaves room for words.
  const column = /^(\s+\S+(?: \S+)*\s{2,})\S/.exec(line)?.[1].length;
  const indent = column !== undefined && column <= width / 2 ? column : own + 2;
  return Math.min(indent, Math.floor(width / 2));
}
