#!/usr/bin/env node
// Thin shim, in CommonJS: no ES module loader to start. `--version` and piped help answer here, before
// anything else loads (start-up time matters when syncstat runs in a loop); everything else lives in
// the bundled CLI.
const { fstatSync, readFileSync, writeSync } = require('node:fs');

const argv = process.argv.slice(2);
const version = argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V');
if (!(version ? writeOut(`${require('../package.json').version}\n`) : servedHelp(argv))) require('../dist/launch.cjs');

/**
 * `syncstat [<command>] --help` (or -h) to a pipe or a file: the text commander prints there (80
 * columns), rendered at build time from the program itself (dist/help.json, src/cli/help-table.ts).
 * A terminal (help wraps to its width), anything else on the line or a name not in the table is
 * left to the CLI. False when it did not answer.
 */
function servedHelp(args) {
  const flag = args[args.length - 1];
  if (args.length > 2 || (flag !== '--help' && flag !== '-h')) return false;
  // commander keeps colours in piped help when these ask for them: leave that to it.
  if (process.env.FORCE_COLOR !== undefined || process.env.CLICOLOR_FORCE !== undefined) return false;
  try {
    // Not process.stdout.isTTY: creating the stream costs more than the rest of this. A pipe, a socket
    // or a file is never a terminal; any character device (a terminal, /dev/null) goes to the CLI.
    if (fstatSync(1).isCharacterDevice()) return false;
    const table = JSON.parse(readFileSync(`${__dirname}/../dist/help.json`, 'utf8'));
    const name = args.length === 2 ? args[0] : '';
    return Object.hasOwn(table, name) && writeOut(table[name]);
  } catch {
    return false; // no stdout, no table: the CLI answers (and reports) as usual
  }
}

/**
 * Writes to stdout without creating process.stdout. False when nothing could be written: the CLI then
 * runs and reports the failure as it does. A reader that closed the pipe (`| head -1`) is no error.
 */
function writeOut(text) {
  const bytes = Buffer.from(text);
  let done = 0;
  try {
    while (done < bytes.length) done += writeSync(1, bytes, done);
  } catch (err) {
    if (err.code === 'EPIPE') return true;
    if (done === 0) return false;
    // Half-way (a non-blocking pipe that filled up): the stream writes the rest when it can.
    process.stdout.on('error', (e) => {
      if (e.code === 'EPIPE') return;
      process.stderr.write(`syncstat: error: cannot write to stdout (${e.code})\n`);
      process.exitCode = 74;
    });
    process.stdout.write(bytes.subarray(done));
  }
  return true;
}
