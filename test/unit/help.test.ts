import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from '../../src/cli/command-names.js';
import { wrapHelp } from '../../src/cli/help-wrap.js';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run.js';

// The build defines this; in-process tests must.
Object.assign(globalThis, { __SYNCSTAT_VERSION__: '0.0.0-test' });

/** Runs `syncstat <argv>` in-process and returns what it printed, as on a terminal `columns` wide or piped. */
async function help(argv: string[], terminal: { isTTY: boolean; columns?: number }): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const io: CliIo = {
    env: {},
    cwd: process.cwd(),
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: () => true },
    stdoutIsTTY: terminal.isTTY,
    stderrIsTTY: false,
    columns: terminal.columns,
    now: () => 0,
    sleep: async () => {},
    random: () => 0.5,
    signal: new AbortController().signal,
    homedir: process.cwd(),
  };
  return { code: await runCli(argv, io), stdout };
}

const longest = (text: string) => Math.max(...text.split('\n').map((l) => l.length));
const EVERY_HELP = [[], ...COMMAND_NAMES.map((c) => [c])].map((argv) => [...argv, '--help']);

describe('help width', () => {
  it.each([50, 72, 120])('wraps every help at a %i-column terminal', async (columns) => {
    for (const argv of EVERY_HELP) {
      const { code, stdout } = await help(argv, { isTTY: true, columns });
      expect(code).toBe(0);
      expect(longest(stdout), `syncstat ${argv.join(' ')}`).toBeLessThanOrEqual(columns);
    }
  });

  it('wraps at 80 columns when piped, whatever the terminal width', async () => {
    for (const argv of EVERY_HELP) {
      const { stdout } = await help(argv, { isTTY: false, columns: 200 });
      expect(longest(stdout), `syncstat ${argv.join(' ')}`).toBeLessThanOrEqual(80);
    }
    // The same text either way: piped help does not depend on the machine.
    expect((await help(['status', '--help'], { isTTY: false, columns: 200 })).stdout).toBe((await help(['status', '--help'], { isTTY: false })).stdout);
  });

  it('uses the width it has: a wide terminal gets longer lines than a narrow one', async () => {
    const wide = await help(['status', '--help'], { isTTY: true, columns: 160 });
    expect(longest(wide.stdout)).toBeGreaterThan(80);
  });

  it('keeps the words and indents continuations under the text they continue', () => {
    const row = '  --flag <x>   a description long enough to need a second line at this width';
    expect(wrapHelp(row, 50)).toBe('  --flag <x>   a description long enough to need a\n               second line at this width');
    // An example's comment moves under the command.
    expect(wrapHelp('  $ syncstat status rp-div0t0awwobr --wide   # one line per subtask', 50)).toBe('  $ syncstat status rp-div0t0awwobr --wide\n      # one line per subtask');
    // A hand-wrapped paragraph too wide for the terminal is reflowed as a whole; a labelled one stays apart.
    const prose = 'Credentials: KEY_ID and KEY_SECRET (or the profile\'s\nkeys); endpoint ENDPOINT.\nWaiting: polls every 10s.';
    expect(wrapHelp(prose, 30)).toBe("Credentials: KEY_ID and\nKEY_SECRET (or the profile's\nkeys); endpoint ENDPOINT.\nWaiting: polls every 10s.");
    // What fits is left as written; a word longer than the line is cut.
    expect(wrapHelp(prose, 60)).toBe(prose);
    expect(wrapHelp('  ' + 'x'.repeat(25), 10).split('\n').map((l) => l.trim().length)).toEqual([8, 6, 6, 5]);
  });
});

describe('exit codes in help', () => {
  it('lists exit 70 everywhere exit codes are listed', async () => {
    for (const argv of [['--help'], ['status', '--help'], ['precheck', '--help'], ['udts', '--help'], ['starrocks', '--help'], ['batch', '--help']]) {
      expect((await help(argv, { isTTY: false })).stdout).toMatch(/^ {2}70 {3}internal error \(a bug: please report it with --debug output\)$/m);
    }
  });

  it('shows precheck what precheck can do: --wait, not --until', async () => {
    const { stdout } = await help(['precheck', '--help'], { isTTY: false });
    const codes = stdout.slice(stdout.indexOf('Exit codes:'));
    expect(stdout).not.toContain('--until');
    expect(codes).toMatch(/^ {2}0 {4}every precheck passed/m);
    expect(codes).toMatch(/^ {2}1 {4}a precheck failed \(or warned, with --fail-on warning\)$/m);
    expect(codes).toMatch(/^ {2}6 {4}a precheck is still running: --wait ran out of time/m);
  });

  it('shows the task commands their --until codes', async () => {
    for (const cmd of ['status', 'udts', 'starrocks', 'batch']) {
      const { stdout } = await help([cmd, '--help'], { isTTY: false });
      const codes = stdout.slice(stdout.indexOf('Exit codes:'));
      expect(codes).toMatch(/^ {2}0 {4}every task queried; none failed; any --until condition met$/m);
      expect(codes).toMatch(/^ {2}6 {4}--until ran out of time/m);
      expect(codes).not.toContain('precheck');
    }
  });
});
