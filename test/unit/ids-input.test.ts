import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idLines } from '../../src/cli/ids-input.js';
import { DRS_JOBS, STARROCKS_SMALL } from '../../src/providers/huawei/sim/scenario.js';
import { runVirtual, startVirtualSim, type VirtualSim } from '../inproc.js';

// Ids from --file and "-" (stdin) on every id-taking command: one mechanism, checked with where each id was written.

let sim: VirtualSim;
beforeAll(async () => {
  sim = await startVirtualSim();
});
afterAll(() => sim.close());

const dir = mkdtempSync(join(tmpdir(), 'syncstat-ids-'));
let n = 0;
function file(text: string): string {
  const path = join(dir, `ids-${++n}.txt`);
  writeFileSync(path, text);
  return path;
}

const ids = (stdout: string) => (JSON.parse(stdout).results as Array<{ id: string }>).map((r) => r.id);

/** Each id-taking command with two ids of its service (starrocks: one instance; its rows are its tasks). */
const COMMANDS: ReadonlyArray<[string, string[]]> = [
  ['status', ['rp-div0t0awwobr', 'rp-fullload0001']],
  ['precheck', ['rp-precheckok01', 'rp-precheckwarn']],
  ['udts', ['udts-ixdp441', 'udts-synced01']],
  ['batch', [DRS_JOBS.syncing, DRS_JOBS.running]],
];

describe('ids from --file and stdin, on every command', () => {
  it.each(COMMANDS)('%s --file: a BOM, CRLF, blank lines and # comments are ignored; args come first', async (command, [a, b]) => {
    const path = file(`\uFEFF# the wave\r\n\r\n${b}   # second\r\n   \r\n`);
    const before = sim.requests.length;
    const res = await runVirtual(sim, [command, a, '--file', path, '--json']);
    expect(res.code, res.stderr).toBe(0);
    expect(ids(res.stdout)).toEqual([a, b]);
    expect(sim.requests.length).toBeGreaterThan(before);
  });

  it.each(COMMANDS)('%s -: ids from stdin, several a line', async (command, [a, b]) => {
    const res = await runVirtual(sim, [command, '-', '--json'], { openStdin: () => Readable.from([`${a} ${b}\n# done\n`]) });
    expect(res.code, res.stderr).toBe(0);
    expect(ids(res.stdout)).toEqual([a, b]);
  });

  it.each(COMMANDS)('%s: a duplicate across the arguments and the file is exit 2 naming both places, before any request', async (command, [a]) => {
    const path = file(`# list\n${a}\n`);
    const before = sim.requests.length;
    const res = await runVirtual(sim, [command, a, '--file', path]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(new RegExp(`^syncstat: error: duplicate [\\w ]+ id: ${a} \\(argument 1, --file ${path} line 2\\)\\. Give each id once\\n$`));
    expect(res.stdout).toBe('');
    expect(sim.requests.length).toBe(before);
  });

  it('a malformed id is named with its file and line; an empty file and a missing file are exit 2 naming the file', async () => {
    const bad = file('rp-div0t0awwobr\n\nrp/../etc\n');
    const malformed = await runVirtual(sim, ['status', '--file', bad]);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toBe(`syncstat: error: malformed replication id: "rp/../etc" (--file ${bad} line 3). Ids are up to 128 letters, digits, "-", "_", "." or ":", starting with a letter or digit, with no spaces\n`);
    const empty = file('# nothing yet\n\n   \n');
    const none = await runVirtual(sim, ['udts', '--file', empty]);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(`syncstat: error: no UDTS task id given: --file ${empty} holds none (only blank lines and # comments). Put one UDTS task id or more in it, one or more a line\n`);
    const missing = await runVirtual(sim, ['precheck', '--file', join(dir, 'no-such.txt')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`syncstat: error: no such file: ${join(dir, 'no-such.txt')}. Check the path given to --file\n`);
    const emptyStdin = await runVirtual(sim, ['status', '-'], { openStdin: () => Readable.from(['\n# none\n']) });
    expect(emptyStdin.code).toBe(2);
    expect(emptyStdin.stderr).toMatch(/^syncstat: error: no replication id given: stdin holds none/);
  });

  it('--file is repeatable, and "--file -" is stdin (read once with "-")', async () => {
    const one = file('rp-div0t0awwobr\n');
    const two = file('rp-fullload0001\n');
    const res = await runVirtual(sim, ['status', '--file', one, '--file', two, '--file', '-', '-', '--json'], { openStdin: () => Readable.from(['rp-done00000001\n']) });
    expect(res.code, res.stderr).toBe(0);
    expect(ids(res.stdout)).toEqual(['rp-div0t0awwobr', 'rp-fullload0001', 'rp-done00000001']);
  });

  it('starrocks takes its one instance id from --file or stdin; several are refused with the way to report several', async () => {
    const res = await runVirtual(sim, ['starrocks', '-', '--json'], { openStdin: () => Readable.from([`${STARROCKS_SMALL}\n`]) });
    expect(res.code, res.stderr).toBe(1); // the instance has a failed task
    expect(JSON.parse(res.stdout).results.length).toBeGreaterThan(0);
    const two = await runVirtual(sim, ['starrocks', '--file', file(`${STARROCKS_SMALL}\nb2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5in17\n`)]);
    expect(two.code).toBe(2);
    expect(two.stderr).toMatch(/^syncstat: error: one instance id at a time \(got 2\)\. .*syncstat fleet\n$/);
  });

  it('says on stderr that it reads stdin when stdin is a terminal (never a silent hang); not when it is a pipe', async () => {
    const tty = await runVirtual(sim, ['batch', '-', '--json'], { stdinIsTTY: true, openStdin: () => Readable.from([`${DRS_JOBS.syncing}\n`]) });
    expect(tty.code, tty.stderr).toBe(0);
    expect(tty.stderr).toBe('reading job ids from stdin, one or more a line (Ctrl-D to end, Ctrl-C to stop)\n');
    const pipe = await runVirtual(sim, ['batch', '-', '--json'], { openStdin: () => Readable.from([`${DRS_JOBS.syncing}\n`]) });
    expect(pipe.stderr).toBe('');
  });

  it('--help of every id-taking command shows --file', async () => {
    for (const command of ['status', 'precheck', 'udts', 'starrocks', 'batch']) {
      const res = await runVirtual(sim, [command, '--help']);
      expect(res.stdout, command).toMatch(/--file <path>\s+read\s+(the\s+instance\s+id\s+\(one\)|[\w\s]+\s+ids)\s+from\s+a\s+file,\s+"-"\s+for\s+stdin/);
    }
  });
});

describe('idLines', () => {
  it('finds every id with its line, whatever the line endings, blanks and comments around it', () => {
    const token = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,11}$/);
    const sep = fc.constantFrom('\n', '\r\n', '\r');
    fc.assert(
      fc.property(fc.array(fc.array(token, { maxLength: 3 }), { maxLength: 20 }), sep, fc.boolean(), (lines, eol, bom) => {
        const text = (bom ? '\uFEFF' : '') + lines.map((l, i) => (i % 3 === 2 ? `  ${l.join('\t')} # note ${i}` : l.join(' '))).join(eol);
        const expected = lines.flatMap((l, i) => l.map((id) => ({ id, line: i + 1 })));
        expect(idLines(text)).toEqual(expected);
      }),
    );
  });
});

describe('fleet --tasks - from a terminal', () => {
  it('says it reads the task list from stdin', async () => {
    const res = await runVirtual(sim, ['fleet', '--tasks', '-', '--json'], { stdinIsTTY: true, openStdin: () => Readable.from([JSON.stringify([{ service: 'drs', id: DRS_JOBS.syncing }])]) });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toBe('reading the task list from stdin (Ctrl-D to end, Ctrl-C to stop)\n');
  });
});
