import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DRS_JOBS, STARROCKS_SMALL } from '../../src/providers/huawei/sim/scenario.js';
import { UNSAFE_CHAR } from '../../src/render/safe-text.js';
import { checkScenario } from '../../src/sim/scenario-check.js';
import type { Scenario } from '../../src/sim/types.js';
import { suites, tags } from '../helpers.js';
import { runVirtual, startVirtualSim, type VirtualSim } from '../inproc.js';
import { SIMS } from '../sims.js';

// -o junit and -o github on every command, and the $GITHUB_STEP_SUMMARY table, in-process.

let sim: VirtualSim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const tmp = () => mkdtempSync(join(tmpdir(), 'syncstat-ci-'));

function fleetFile(): string {
  const file = join(tmp(), 'fleet.json');
  writeFileSync(file, JSON.stringify({ tasks: [{ service: 'ninedata', id: 'rp-div0t0awwobr', name: 'orders' }, { service: 'udts', id: 'udts-failed01', name: 'archive' }, { service: 'drs', id: DRS_JOBS.paused }, { service: 'udts', id: 'udts-nosuch001', name: 'ghost' }] }));
  return file;
}

/** Each command, its arguments (a failed task, a paused one, an unreadable id where the service has them), and what its report holds. */
const CASES: ReadonlyArray<{ command: string; args: () => string[]; tests: number; failures: number; errors: number; warnings: number; code: number }> = [
  { command: 'status', args: () => ['rp-div0t0awwobr', 'rp-failed000001', 'rp-suspended001', 'rp-doesnotexist'], tests: 4, failures: 1, errors: 1, warnings: 1, code: 4 },
  { command: 'udts', args: () => ['udts-ixdp441', 'udts-failed01', 'udts-stopped1'], tests: 3, failures: 1, errors: 0, warnings: 1, code: 1 },
  { command: 'starrocks', args: () => [STARROCKS_SMALL], tests: 7, failures: 1, errors: 0, warnings: 2, code: 1 },
  { command: 'batch', args: () => [DRS_JOBS.syncing, DRS_JOBS.failed, DRS_JOBS.paused], tests: 3, failures: 1, errors: 0, warnings: 1, code: 1 },
  { command: 'fleet', args: () => ['--tasks', fleetFile()], tests: 4, failures: 1, errors: 1, warnings: 1, code: 4 },
];

/** Well-formed enough for any JUnit reader: no raw markup character or unknown entity outside the tags, no raw quote in a value. */
function expectCleanXml(xml: string): void {
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
  const text = xml.replace(/^<\?xml[^>]*\?>/, '').replace(/<\/?[\w-]+((?:\s+[\w-]+="[^"<>]*")*)\s*\/?>/g, '');
  expect(text).not.toMatch(/[<>]/);
  expect(text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/g, '')).not.toContain('&');
  expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2028\u2029]/);
}

/** Every line of -o github is our own annotation (title escaped as a property) or a plain safe line that starts no command. */
function expectCleanGithub(out: string): void {
  for (const line of out.trimEnd().split('\n')) {
    expect(line, line).not.toMatch(UNSAFE_CHAR);
    if (line.startsWith('::')) expect(line, line).toMatch(/^::(error|warning) title=[^:,\r\n]*::[^\r\n]*$/);
  }
}

describe('-o junit and -o github on every command', () => {
  it.each(CASES)('$command -o junit: a testcase per task, a failed one a <failure>, an unreadable one an <error>', async (c) => {
    sim = await startVirtualSim();
    const res = await runVirtual(sim, [c.command, ...c.args(), '-o', 'junit']);
    expect(res.code, res.stderr).toBe(c.code);
    expectCleanXml(res.stdout);
    const [root] = tags(res.stdout, 'testsuites');
    expect(root.name).toBe(`syncstat ${c.command}`);
    const [suite] = suites(res.stdout);
    const cases = tags(suite.xml, 'testcase');
    if (c.tests >= 0) expect(cases).toHaveLength(c.tests);
    expect(suite.attrs).toMatchObject({ name: c.command, tests: String(cases.length), failures: String(c.failures), errors: String(c.errors) });
    expect(tags(suite.xml, 'failure')).toHaveLength(c.failures);
    expect(tags(suite.xml, 'error')).toHaveLength(c.errors);
    for (const t of cases) expect(t.classname).toMatch(c.command === 'fleet' ? /^syncstat\.fleet\.(ninedata|udts|drs)$/ : new RegExp(`^syncstat\\.${c.command}$`));
    // The exit code still says why on stderr.
    if (c.code) expect(res.stderr).toMatch(/^(syncstat: )?error: /m);
  });

  it.each(CASES)('$command -o github: an ::error per failed or unreadable task, a ::warning per paused one, a line per task, the counts', async (c) => {
    sim = await startVirtualSim();
    const res = await runVirtual(sim, [c.command, ...c.args(), '-o', 'github']);
    expect(res.code, res.stderr).toBe(c.code);
    expectCleanGithub(res.stdout);
    const lines = res.stdout.trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('::error ')), res.stdout).toHaveLength(c.failures + c.errors);
    expect(lines.filter((l) => l.startsWith('::warning ')), res.stdout).toHaveLength(c.warnings);
    expect(lines.at(-1)).toMatch(/^\d+ tasks?: /);
  });

  it('precheck keeps its own CI reports (a testcase per check item)', async () => {
    sim = await startVirtualSim();
    const res = await runVirtual(sim, ['precheck', 'rp-div0qqpbffio', '-o', 'junit']);
    expect(res.code).toBe(1);
    expectCleanXml(res.stdout);
    expect(tags(res.stdout, 'testsuites')[0].name).toBe('syncstat precheck');
  });

  it('a wait that ended unmet: the tasks that did not meet it are failures and ::errors, with the reason', async () => {
    sim = await startVirtualSim();
    const args = ['udts', 'udts-dumping1', 'udts-ixdp441', '--until', 'syncing', '--timeout', '30s', '--interval', '10s'];
    const junit = await runVirtual(sim, [...args, '-o', 'junit']);
    expect(junit.code).toBe(6);
    expectCleanXml(junit.stdout);
    expect(tags(junit.stdout, 'testsuite')[0]).toMatchObject({ tests: '2', failures: '1', errors: '0' });
    expect(tags(junit.stdout, 'failure')).toEqual([{ message: 'did not meet "every task syncing": udts-dumping1 is running (Dumping)', type: 'Dumping' }]);
    const github = await runVirtual(sim, [...args, '-o', 'github']);
    expect(github.code).toBe(6);
    expect(github.stdout.split('\n').filter((l) => l.startsWith('::'))).toEqual(['::error title=udts udts-dumping1::did not meet "every task syncing": udts-dumping1 is running (Dumping)']);
    // Stopped (paused) can never become syncing: the wait fails at once, and says why in the report too.
    const failed = await runVirtual(sim, ['udts', 'udts-stopped1', '--until', 'syncing', '-o', 'github']);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/^::error title=udts udts-stopped1::did not meet "every task syncing": udts-stopped1 is paused \(Stopped\) and will not become syncing on its own$/m);
  });

  it('a wait prints its final state as JUnit; --watch refuses junit and github (exit 2, the reason, no request)', async () => {
    sim = await startVirtualSim();
    const res = await runVirtual(sim, ['status', 'rp-cutover00001', '--until', 'syncing', '--max-lag', '1s', '--interval', '1s', '-o', 'junit']);
    expect(res.code, res.stderr).toBe(0);
    expect(tags(res.stdout, 'testcase')).toHaveLength(1);
    expect(res.stdout).toContain('<system-out>syncing (running; stage inc_writer;');
    for (const format of ['junit', 'github']) {
      const before = sim.requests.length;
      const watch = await runVirtual(sim, ['udts', 'udts-ixdp441', '--watch', '-o', format]);
      expect(watch.code).toBe(2);
      expect(watch.stderr).toBe(`syncstat: error: --watch streams changes and cannot write -o ${format}. Use -o table, -o wide, -o tsv, -o ndjson, or --until without --watch to print the final state once\n`);
      expect(watch.stdout).toBe('');
      expect(sim.requests.length).toBe(before);
    }
  });
});

const HOSTILE_BASE: Scenario = checkScenario(JSON.parse(readFileSync(new URL('../../scenarios/hostile.json', import.meta.url), 'utf8')), SIMS);
/** Markup of every kind a report could be tricked by: XML, workflow commands, Markdown, HTML. */
const MARKUP = "]]><x a=\"1\"/> & | `code` <script>alert(1)</script> [click](https://evil.example) ![i](https://evil.example/i.png) @admin **bold**\n::error title=x,y::forged%0A\r\n::add-mask::secret";
const HOSTILE: Scenario = {
  ...HOSTILE_BASE,
  ucloud: { tasks: { ...HOSTILE_BASE.ucloud!.tasks, 'udts-markup01': { Status: 'Failed', FailedMessage: MARKUP }, 'udts-markup02': { Status: `Stopped${MARKUP}` } } },
};
const HOSTILE_RUNS: ReadonlyArray<[string, string[]]> = [
  ['status', ['rp-hostile00001', 'rp-hostile00002']],
  ['udts', ['udts-hostile1', 'udts-hostile2', 'udts-markup01', 'udts-markup02']],
  ['starrocks', ['h0571le0h0571le0h0571le0h0571le0in17']],
  ['batch', ['h0571le0-0000-4bb5-a6bc-1040402fjb21', 'h0571le0-0001-4bb5-a6bc-1040402fjb21']],
];

describe('hostile text in CI reports and the step summary', () => {
  it.each(HOSTILE_RUNS)('%s: no raw control character, markup or forged command reaches JUnit, annotations or Markdown', async (command, args) => {
    sim = await startVirtualSim(HOSTILE);
    const summary = join(tmp(), 'summary.md');
    const env = { GITHUB_STEP_SUMMARY: summary };
    const junit = await runVirtual(sim, [command, ...args, '-o', 'junit'], { env });
    expectCleanXml(junit.stdout);
    expect(junit.stdout).not.toContain(']]>');
    const github = await runVirtual(sim, [command, ...args, '-o', 'github'], { env });
    expectCleanGithub(github.stdout);
    expect(github.stdout).not.toMatch(/^::add-mask::/m);
    const md = readFileSync(summary, 'utf8');
    expectCleanMarkdown(md);
  });

  it('the markup itself: XML-escaped in JUnit, %-escaped in annotations, backslash-escaped in Markdown', async () => {
    sim = await startVirtualSim(HOSTILE);
    const summary = join(tmp(), 'summary.md');
    const env = { GITHUB_STEP_SUMMARY: summary };
    const junit = await runVirtual(sim, ['udts', 'udts-markup01', '-o', 'junit'], { env });
    expect(junit.stdout).toContain(']]&gt;&lt;x a="1"/&gt; &amp; | `code` &lt;script&gt;');
    const github = await runVirtual(sim, ['udts', 'udts-markup01', 'udts-markup02', '-o', 'github'], { env });
    expect(github.stdout).toContain('::error title=udts udts-markup01::failed (Failed): ]]><x a="1"/> & | `code`');
    expect(github.stdout).toContain('**%0A::error title=x,y::forged%250A%0D%0A::add-mask::secret');
    // A status no table knows is a ::warning; the status is data (escaped), the title names the task.
    expect(github.stdout).toMatch(/^::warning title=udts udts-markup02::unknown \(Stopped\]\]>/m);
    const md = readFileSync(summary, 'utf8');
    expect(md).toContain('\\]\\]&gt;&lt;x a="1"/&gt; &amp; \\| \\`code\\` &lt;script&gt;alert\\(1\\)&lt;/script&gt; \\[click\\]\\(https\\://evil.example\\) \\!\\[i\\]');
    expect(md).toContain('\\@admin \\*\\*bold\\*\\*⏎\\:\\:error title=x,y\\:\\:forged%0A⏎\\:\\:add-mask\\:\\:secret');
  });
});

/** Each table row has exactly as many unescaped pipes as its header; no raw HTML, control character, backtick or link. */
function expectCleanMarkdown(md: string): void {
  expect(md.replace(/\n/g, '')).not.toMatch(UNSAFE_CHAR);
  expect(md).not.toMatch(/<[a-z/!]/i);
  expect(md).not.toMatch(/(^|[^\\])`/);
  expect(md).not.toMatch(/(^|[^\\])\]\(/);
  let columns = 0;
  for (const line of md.split('\n')) {
    if (!line.startsWith('|')) continue;
    const pipes = line.match(/(?<!\\)\|/g)!.length;
    if (line.startsWith('| id ') || line.startsWith('| service ')) columns = pipes;
    expect(pipes, line).toBe(columns);
  }
}

describe('$GITHUB_STEP_SUMMARY', () => {
  it('appends a Markdown table and the verdict, whatever -o; a second run appends after the first', async () => {
    sim = await startVirtualSim();
    const summary = join(tmp(), 'step_summary');
    writeFileSync(summary, '# earlier step output\n');
    const env = { GITHUB_STEP_SUMMARY: summary };
    const json = await runVirtual(sim, ['status', 'rp-div0t0awwobr', 'rp-failed000001', '--json'], { env });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).results).toHaveLength(2);
    const batch = await runVirtual(sim, ['batch', DRS_JOBS.syncing, '-o', 'tsv'], { env });
    expect(batch.code).toBe(0);
    expect(readFileSync(summary, 'utf8')).toBe(
      [
        '# earlier step output',
        '### syncstat status',
        '',
        '| id | phase | status | progress | lag | message |',
        '| --- | --- | --- | --- | --- | --- |',
        '| rp-div0t0awwobr | ✅ syncing | running | - | 672ms | - |',
        '| rp-failed000001 | ❌ failed | failed | 41% | - | - |',
        '',
        '**2 tasks\\: 1 syncing, 1 failed** · ❌ exit 1',
        '',
        '### syncstat batch',
        '',
        '| id | phase | status | progress | lag | message |',
        '| --- | --- | --- | --- | --- | --- |',
        `| ${DRS_JOBS.syncing} | ✅ syncing | INCRE\\_TRANSFER\\_STARTED | - | - | - |`,
        '',
        '**1 task\\: 1 syncing** · ✅ exit 0',
        '',
        '',
      ].join('\n'),
    );
  });

  it('every command writes one: precheck, udts, starrocks and the fleet (service and name columns)', async () => {
    sim = await startVirtualSim();
    const summary = join(tmp(), 'summary.md');
    const env = { GITHUB_STEP_SUMMARY: summary };
    for (const c of [...CASES, { command: 'precheck', args: () => ['rp-precheckok01'] }]) await runVirtual(sim, [c.command, ...c.args(), '-o', 'json'], { env });
    const md = readFileSync(summary, 'utf8');
    expect(md.match(/^### syncstat \w+$/gm)).toEqual(['### syncstat status', '### syncstat udts', '### syncstat starrocks', '### syncstat batch', '### syncstat fleet', '### syncstat precheck']);
    expect(md).toContain('| service | name | phase | status | progress | lag | message |');
    expect(md).toContain('| udts | archive | ❌ failed | Failed |');
    expect(md).toContain('| udts | ghost | ❌ error |');
    expectCleanMarkdown(md);
  });

  it('after a wait: the final state and how the wait ended (a timeout: exit 6)', async () => {
    sim = await startVirtualSim();
    const summary = join(tmp(), 'summary.md');
    const res = await runVirtual(sim, ['udts', 'udts-dumping1', '--until', 'succeeded', '--timeout', '30s', '--interval', '10s', '-o', 'junit'], { env: { GITHUB_STEP_SUMMARY: summary } });
    expect(res.code).toBe(6);
    expect(readFileSync(summary, 'utf8')).toMatch(/\n\*\*1 task\\: 1 running\*\* · ❌ exit 6 · timed out after 30s waiting for "every task succeeded"\\: udts-dumping1 is running \\\(Dumping\\\)\n/);
  });

  it('a summary that cannot be written is a warning; the exit code and stdout are unchanged', async () => {
    sim = await startVirtualSim();
    const folder = join(tmp(), 'a-folder');
    mkdirSync(folder);
    const res = await runVirtual(sim, ['status', 'rp-div0t0awwobr', '--json'], { env: { GITHUB_STEP_SUMMARY: folder } });
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout).results).toHaveLength(1);
    expect(res.stderr).toBe(`warning: cannot write the step summary to $GITHUB_STEP_SUMMARY (${folder}): is a directory, not a file; set SYNCSTAT_NO_STEP_SUMMARY=1 to skip it\n`);
    const failed = await runVirtual(sim, ['status', 'rp-failed000001', '--json'], { env: { GITHUB_STEP_SUMMARY: join(folder, 'missing', 'x.md') } });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^warning: cannot write the step summary to .*: no such file; /m);
  });

  it('SYNCSTAT_NO_STEP_SUMMARY=1 turns it off; without GITHUB_STEP_SUMMARY nothing is written', async () => {
    sim = await startVirtualSim();
    const summary = join(tmp(), 'summary.md');
    writeFileSync(summary, '');
    const off = await runVirtual(sim, ['status', 'rp-div0t0awwobr', '--json'], { env: { GITHUB_STEP_SUMMARY: summary, SYNCSTAT_NO_STEP_SUMMARY: '1' } });
    expect(off.code).toBe(0);
    expect(readFileSync(summary, 'utf8')).toBe('');
    const on = await runVirtual(sim, ['status', 'rp-div0t0awwobr', '--json'], { env: { GITHUB_STEP_SUMMARY: summary, SYNCSTAT_NO_STEP_SUMMARY: '0' } });
    expect(on.code).toBe(0);
    expect(readFileSync(summary, 'utf8')).toContain('### syncstat status');
  });
});

describe('renderStepSummary', () => {
  it('keeps at most 1,000 rows and says how many more; a huge cell is cut', async () => {
    const { renderStepSummary } = await import('../../src/render/step-summary.js');
    const { makeResult } = await import('../../src/core/model.js');
    const results = Array.from({ length: 1500 }, (_, i) => makeResult({ provider: 'p', kind: 'k', id: `t${i}`, phase: 'syncing', status: 'ok', observedAt: '2026-11-25T10:00:00.000Z', message: i === 0 ? 'x'.repeat(100_000) : null }));
    const md = renderStepSummary({ results, errors: [], raw: [], warnings: [] }, { command: 'batch', exitCode: 0 });
    expect(md.split('\n').filter((l) => l.startsWith('| t'))).toHaveLength(1000);
    expect(md).toContain('… and 500 more (the full list is in the step\'s output)');
    expect(md).toContain('**1500 tasks\\: 1500 syncing** · ✅ exit 0');
    expect(md.length).toBeLessThan(100_000);
  });
});

describe('workflow-command and Markdown escaping, for any text', () => {
  it('a property never holds a raw ":", ",", CR or LF, and decodes back to the (neutralized) text; data never a raw CR or LF', async () => {
    const fc = (await import('fast-check')).default;
    const { escapeData, escapeProperty } = await import('../../src/render/github.js');
    const decode = (s: string) => s.replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
    const text = fc.string({ unit: fc.constantFrom('a', ':', ',', '%', '\r', '\n', '\x1b', '\u202e', '=', ' ', '0', 'A', '3') });
    fc.assert(
      fc.property(text, (s) => {
        const p = escapeProperty(s);
        expect(p).not.toMatch(/[:,\r\n]/);
        const d = escapeData(s);
        expect(d).not.toMatch(/[\r\n]/);
        expect(decode(p)).toBe(decode(d));
        if (!/[\x1b\u202e]/.test(s)) expect(decode(p)).toBe(s);
      }),
    );
  });

  it('a Markdown cell never holds an unescaped |, backtick, bracket, < or a line break', async () => {
    const fc = (await import('fast-check')).default;
    const { markdownCell } = await import('../../src/render/step-summary.js');
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('|', '`', '[', ']', '(', ')', '<', '>', '&', '\\', '\n', '\r', 'a', ' ', ':', '@', '*', '_') }), (s) => {
        const cell = markdownCell(s);
        expect(cell).not.toMatch(/[\r\n<>]/);
        // Every special character is preceded by an odd number of backslashes.
        for (const m of cell.matchAll(/(\\*)([|`[\]()*_@:])/g)) expect(m[1].length % 2, cell).toBe(1);
      }),
    );
  });
});
