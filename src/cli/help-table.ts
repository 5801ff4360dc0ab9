// Piped help, rendered at build time: `syncstat [<command>] --help` to a pipe or a file prints the same
// text every time (80 columns, src/cli/help-wrap.ts), a pure function of the program. scripts/build.mjs
// writes it to dist/help.json from the program itself, so a new command or option needs no extra step,
// and bin/syncstat.cjs serves it from there without loading the CLI (test/e2e/help-table.test.ts holds
// every entry to what commander prints).
import { COMMAND_NAMES } from './command-names.js';
import { captureIo } from './capture-io.js';
import { runCli } from './run.js';

/** Command name ('' for the program itself) -> its piped help. */
export type HelpTable = Record<string, string>;

export async function renderHelpTable(): Promise<HelpTable> {
  const table: HelpTable = {};
  for (const name of ['', ...COMMAND_NAMES]) table[name] = await pipedHelp(name ? [name, '--help'] : ['--help']);
  return table;
}

/** What `syncstat <argv>` prints to a pipe, which must be help: exit 0 and nothing on stderr. */
export async function pipedHelp(argv: string[]): Promise<string> {
  const io = captureIo('/');
  const code = await runCli(argv, io);
  if (code !== 0 || io.err() !== '') throw new Error(`syncstat ${argv.join(' ')} printed no help (exit ${code}): ${io.err()}`);
  return io.out();
}
