import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run.js';
import { COMMAND_NAMES } from '../../src/cli/command-names.js';
import { EXIT, mostSevere } from '../../src/core/exit-codes.js';
import { UNTIL_PHASES } from '../../src/core/wait.js';
import { diffResults } from '../../src/render/events.js';
import { makeResult } from '../../src/core/model.js';
import { TOPIC_TEXT } from '../../src/help/text.js';
import { TOPIC_NAMES } from '../../src/help/topics.js';
import { roffText, topicToRoff } from '../../scripts/man-page.mjs';

Object.assign(globalThis, { __SYNCSTAT_VERSION__: '0.0.0-test' });

async function run(argv: string[], columns?: number): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    env: {},
    cwd: process.cwd(),
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stdoutIsTTY: columns !== undefined,
    stderrIsTTY: false,
    columns,
    now: () => 0,
    sleep: async () => {},
    random: () => 0.5,
    signal: new AbortController().signal,
    homedir: process.cwd(),
  };
  return { code: await runCli(argv, io), stdout, stderr };
}

const longest = (text: string) => Math.max(...text.split('\n').map((l) => l.length));

describe('syncstat help <topic>', () => {
  it.each(TOPIC_NAMES)('prints %s without markup, at the width it has', async (topic) => {
    const piped = await run(['help', topic]);
    expect(piped.code).toBe(0);
    expect(piped.stderr).toBe('');
    expect(piped.stdout.split('\n')[0]).toMatch(new RegExp(`^${topic}: `));
    expect(piped.stdout).not.toMatch(/^#|```|`/m);
    expect(longest(piped.stdout)).toBeLessThanOrEqual(80);
    expect(longest((await run(['help', topic], 50)).stdout)).toBeLessThanOrEqual(50);
  });

  it('still shows a command\'s help, and the program\'s without an argument', async () => {
    expect((await run(['help', 'status'])).stdout).toBe((await run(['status', '--help'])).stdout);
    expect(await run(['help', 'udts'])).toMatchObject({ code: 0, stderr: '' });
    expect(await run(['help'])).toMatchObject({ code: 0, stderr: '' });
    expect((await run(['help'])).stdout).toBe((await run(['--help'])).stdout);
    // A topic named like a command (fleet, config) is the topic, pointing at the command's options.
    expect((await run(['help', 'fleet'])).stdout).toMatch(/The fleet command's options: syncstat fleet --help\n$/);
  });

  it('refuses an unknown topic: exit 2, one line naming the topics and commands', async () => {
    const r = await run(['help', 'wating']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`syncstat: error: no help topic or command "wating" (did you mean "waiting"?). Topics: config, output, waiting, fleet; commands: ${COMMAND_NAMES.join(', ')}\n`);
  });

  it("links each command's --help to the topics that apply", async () => {
    const seeAlso = async (cmd: string) => /\n\nSee also: ([\s\S]*?)\n$/.exec((await run([cmd, '--help'])).stdout)?.[1].replace(/\s+/g, ' ');
    expect(await seeAlso('status')).toBe('syncstat help config, syncstat help output, syncstat help waiting');
    expect(await seeAlso('precheck')).toBe('syncstat help config, syncstat help output, syncstat help waiting');
    expect(await seeAlso('fleet')).toBe('syncstat help config, syncstat help output, syncstat help waiting, syncstat help fleet');
    expect(await seeAlso('config')).toBe('syncstat help config, syncstat help output');
    expect(await seeAlso('sim')).toBeUndefined();
  });
});

describe('the topics say what the code does', () => {
  it('output: every exit code, in the order of severity the code uses', () => {
    const codes = Object.values(EXIT);
    const listed = [...TOPIC_TEXT.output.matchAll(/^(\d+) {2,}/gm)].map((m) => Number(m[1]));
    expect(listed.sort((a, b) => a - b)).toEqual([...codes].sort((a, b) => a - b));
    const order = /most severe first: (.*)\. What/.exec(TOPIC_TEXT.output.replace(/\s+/g, ' '))![1].replace(' (a bug)', '').split(', ').map(Number);
    expect([...order].sort((a, b) => a - b)).toEqual([...codes].sort((a, b) => a - b));
    // Each code outranks every one after it.
    order.forEach((code, i) => order.slice(i + 1).forEach((later) => expect(mostSevere([later, code]), `${code} over ${later}`).toBe(code)));
  });

  it('output: the --watch event shown has the keys of a real event, in their order', () => {
    const block = /```\n(\{"time".*?)```/s.exec(TOPIC_TEXT.output)![1].replace(/\n\s*/g, '');
    const r = makeResult({ provider: 'ninedata', kind: 'replication', id: 'rp-x', phase: 'syncing', status: 'running', observedAt: 'x' });
    const [event] = diffResults(new Map(), { results: [r], errors: [], raw: [], warnings: [] }, 't');
    expect(Object.keys(JSON.parse(block))).toEqual(Object.keys(event));
  });

  it('waiting: every --until condition, with its phases', () => {
    for (const [condition, phases] of Object.entries(UNTIL_PHASES)) {
      const line = new RegExp(`^--until ${condition} +(.*)$`, 'm').exec(TOPIC_TEXT.waiting)?.[1];
      expect(line, condition).toBeDefined();
      for (const phase of phases) expect(line).toContain(phase);
    }
  });
});

describe('roff', () => {
  it('escapes any text: no request, no raw backslash, ASCII only, one line', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const out = roffText(text);
        expect(out).not.toMatch(/^[.']/);
        expect(out).not.toMatch(/[^\x20-\x7e]/);
        // Every backslash starts one of the escapes the generator writes.
        expect(out.replace(/\\(e|-|&|\[u[0-9A-F]{4,6}\])/g, '')).not.toContain('\\');
      }),
    );
    expect(roffText('.TH x')).toBe('\\&.TH x');
    expect(roffText("'br")).toBe("\\&'br");
    expect(roffText('a\\fBb --x ⏎')).toBe('a\\efBb \\-\\-x \\[u23CE]');
  });

  it('turns a topic into sections, lists and no-fill blocks', () => {
    const roff = topicToRoff('waiting', '# waiting: t\n\n## Signals\n\nText `--x`\nmore.\n\n- one\n  two\n1. first\n\n```\n.not a request\n```\n');
    expect(roff.split('\n')).toEqual(['.SH WAITING', '.PP', 'waiting: t', '.SS Signals', '.PP', 'Text \\fB\\-\\-x\\fR more.', '.IP \\(bu 2', 'one two', '.IP 1. 4', 'first', '.PP', '.RS 4', '.nf', '\\&.not a request', '.fi', '.RE']);
  });
});
