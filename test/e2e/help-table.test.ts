import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from '../../src/cli/command-names.js';
import { pipedHelp } from '../../src/cli/help-table.js';
import { baseEnv, BIN, isolatedDir, runBin } from '../helpers.js';

// bin/syncstat.cjs answers `syncstat [<command>] --help|-h` to a pipe from dist/help.json (rendered at
// build time by the program itself) without loading the CLI. It must print exactly what commander does.

/** A preload that says on stderr, at exit, whether the CLI's launcher was loaded. */
const dir = mkdtempSync(join(tmpdir(), 'syncstat-help-table-'));
const PRELOAD = join(dir, 'loaded.cjs');
writeFileSync(PRELOAD, `process.on('exit', () => require('node:fs').writeSync(2, Object.keys(require.cache).some((f) => f.endsWith('launch.cjs')) ? 'CLI loaded\\n' : 'served by the shim\\n'));`);
const watched = (env: Record<string, string> = {}) => ({ env: { NODE_OPTIONS: `--require ${PRELOAD}`, ...env } });

const EVERY_COMMAND = ['', ...COMMAND_NAMES];

describe('piped help from the build-time table', () => {
  it('has an entry for the program and every command, each what commander prints to a pipe', async () => {
    const table = JSON.parse(readFileSync(new URL('../../dist/help.json', import.meta.url), 'utf8')) as Record<string, string>;
    expect(Object.keys(table).sort()).toEqual([...EVERY_COMMAND].sort());
    for (const name of EVERY_COMMAND) expect(table[name], `syncstat ${name} --help`).toBe(await pipedHelp(name ? [name, '--help'] : ['--help']));
  });

  it.each(EVERY_COMMAND.flatMap((name) => ['--help', '-h'].map((flag) => [name, flag])))('syncstat %s %s: byte for byte what commander prints, without loading the CLI', async (name, flag) => {
    const argv = name ? [name, flag] : [flag];
    const res = await runBin(argv, watched());
    expect(res.code).toBe(0);
    expect(res.stderr).toBe('served by the shim\n');
    expect(res.stdout).toBe(await pipedHelp(argv));
    expect(res.stdout).toMatch(/^Usage: syncstat /);
  });

  it.each([
    ['more on the line', ['status', '--help', '--json']],
    ['a command it does not know', ['statsu', '--help']],
    ['a name that is no command', ['__proto__', '--help']],
    ['the flag not last', ['--help', 'status']],
  ])('leaves %s to the CLI', async (_what, argv) => {
    const res = await runBin(argv, watched());
    expect(res.stderr).toMatch(/CLI loaded\n$/);
  });

  it('leaves help to the CLI when colours are forced (commander may colour piped help then)', async () => {
    const res = await runBin(['status', '--help'], watched({ FORCE_COLOR: '1' }));
    expect(res.stderr).toBe('CLI loaded\n');
    expect(res.stdout).toBe(await pipedHelp(['status', '--help']));
  });

  it('writes to a file the same way, and a stdout it cannot write is the CLI\'s failure to report (exit 74)', async () => {
    const { dir: out } = isolatedDir();
    const run = (fd: number) =>
      new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
        const child = spawn(process.execPath, [BIN, 'status', '--help'], { env: baseEnv(), stdio: ['ignore', fd, 'pipe'] });
        let stderr = '';
        child.stderr!.on('data', (d) => (stderr += d));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stderr }));
      });
    const file = join(out, 'help.txt');
    let fd = openSync(file, 'w');
    expect(await run(fd)).toEqual({ code: 0, stderr: '' });
    closeSync(fd);
    expect(readFileSync(file, 'utf8')).toBe(await pipedHelp(['status', '--help']));
    // A file open only for reading: nothing written, so the CLI runs and says why.
    fd = openSync(file, 'r');
    expect(await run(fd)).toEqual({ code: 74, stderr: 'syncstat: error: cannot write to stdout: bad file descriptor (EBADF)\n' });
    closeSync(fd);
  });
});
