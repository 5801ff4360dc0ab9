import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Option } from 'commander';
import { buildProgram } from '../../src/cli/program.js';
import { COMMON_OPTIONS } from '../../src/cli/options.js';
import { captureIo } from '../../src/cli/capture-io.js';
import { runCli } from '../../src/cli/run.js';
import { UNTIL_PHASES } from '../../src/core/wait.js';
import { knownRegions } from '../../src/providers/huawei/endpoints.js';
import { TOPIC_NAMES } from '../../src/help/topics.js';

/** The -o choices every query command declares. */
const FORMATS = COMMON_OPTIONS.find((o) => o.flags.startsWith('-o'))!.choices!;

Object.assign(globalThis, { __SYNCSTAT_VERSION__: '0.0.0-test' });

/** A directory with a config file (profiles, a task list) and a task-list file. */
function fixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'syncstat-complete-'));
  writeFileSync(join(dir, '.statusrc.json'), JSON.stringify({
    profiles: {
      default: { tasks: [{ service: 'ninedata', id: 'rp-fromprofile1', name: 'orders' }] },
      prod: { tasks: [{ service: 'ninedata', id: 'rp-prodtask0001' }, { service: 'drs', id: 'job-prod-1' }, { service: 'starrocks', instance: 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4in17', name: 'warehouse' }] },
      staging: {},
    },
  }));
  writeFileSync(join(dir, 'other.yaml'), 'profiles:\n  alpha: {}\n  "bad\\u001bname": {}\n  "two words": {}\n');
  writeFileSync(join(dir, 'fleet.yaml'), [
    'tasks:',
    '  - { service: ninedata, id: rp-div0t0awwobr, name: orders, labels: { env: prod, wave: "3" } }',
    '  - { service: udts, id: udts-ixdp441, labels: { env: staging } }',
    '  - { service: starrocks, instance: a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4in17 }',
  ].join('\n'));
  return dir;
}

const DIR = fixture();

/** What `syncstat __complete <words>` answers: the values, their descriptions, the directive. */
async function ask(words: string[], env: Record<string, string> = {}, cwd = DIR) {
  const io = captureIo(cwd, env);
  const code = await runCli(['__complete', ...words], io);
  const lines = io.out().trimEnd().split('\n');
  const directive = lines.pop();
  return { code, stderr: io.err(), directive, values: lines.map((l) => l.split('\t')[0]), lines };
}

describe('syncstat __complete', () => {
  it('offers the commands, with what they do', async () => {
    const r = await ask(['']);
    expect(r.code).toBe(0);
    expect(r.values).toEqual(expect.arrayContaining(['status', 'precheck', 'udts', 'starrocks', 'batch', 'fleet', 'config', 'sim', 'demo', 'completion', 'help']));
    expect(r.values).not.toContain('__complete');
    expect(r.lines).toContain('status\tNineData replication task status');
    expect(r.directive).toBe(':none');
    expect((await ask(['st'])).values).toEqual(['status', 'starrocks']);
  });

  it("offers every option a command declares, and only its own (the program's definitions are the list)", async () => {
    const program = buildProgram(captureIo(DIR), () => {}, []);
    for (const cmd of program.commands) {
      const r = await ask([cmd.name(), '-']);
      const declared = cmd.options.filter((o) => !o.hidden).flatMap((o) => [o.long, o.short].filter((f): f is string => Boolean(f)));
      expect(r.values.sort(), cmd.name()).toEqual([...new Set([...declared, '-h', '--help'])].sort());
    }
    expect((await ask(['status', '--o'])).values).toEqual(['--output']);
    expect((await ask(['fleet', '--s'])).values).toEqual(['--service', '--sort-by', '--stale-after']);
    expect((await ask(['udts', '--ty'])).lines).toEqual(['--type\ttask type']);
  });

  it("offers every option's choices as the command declares them", async () => {
    const program = buildProgram(captureIo(DIR), () => {}, []);
    const withChoices = program.commands.flatMap((cmd) => cmd.options.filter((o: Option) => o.argChoices).map((o) => [cmd.name(), o] as const));
    expect(withChoices.length).toBeGreaterThan(8);
    for (const [name, opt] of withChoices) {
      for (const flag of [opt.long!, ...(opt.short ? [opt.short] : [])]) {
        expect((await ask([name, flag, ''])).values, `${name} ${flag}`).toEqual(opt.argChoices);
      }
    }
    expect((await ask(['precheck', '-o', ''])).values).toContain('junit');
    expect((await ask(['status', '-o', 'n'])).values).toEqual(['ndjson']);
    expect((await ask(['starrocks', '--auth', ''])).values).toEqual(['aksk', 'token', 'password']);
    expect((await ask(['precheck', '--fail-on', ''])).values).toEqual(['failure', 'warning']);
    expect((await ask(['completion', ''])).values).toEqual(['bash', 'zsh', 'fish', 'powershell']);
  });

  it('completes a value written into the option (--output=, -oj) and options before the command', async () => {
    expect((await ask(['status', '--output=y'])).values).toEqual(['--output=yaml']);
    expect((await ask(['--js'])).values).toEqual(['--json']);
    // Before the command only what argv.ts moves after it: the common options (and the program's own).
    expect((await ask(['--'])).values).toContain('--debug');
    expect((await ask(['--'])).values).not.toContain('--wide');
    expect((await ask(['--'])).values).toContain('--version');
    expect((await ask(['-o', ''])).values).toContain('tsv');
    expect((await ask(['--json', 'sta'])).values).toEqual(['status', 'starrocks']);
    expect((await ask(['--profile', 'prod', 'status', '--until', 's'])).values).toEqual(['syncing', 'succeeded']);
  });

  it('offers --until conditions, --phase as a list, regions, services', async () => {
    expect((await ask(['status', '--until', ''])).values).toEqual(Object.keys(UNTIL_PHASES));
    expect((await ask(['fleet', '--phase', 'failed,pa'])).values).toEqual(['failed,paused']);
    expect((await ask(['fleet', '--phase', 'failed,'])).values).not.toContain('failed,failed');
    expect((await ask(['batch', '--region', ''])).values).toEqual(knownRegions());
    expect((await ask(['starrocks', '--region', 'eu-'])).values).toEqual(['eu-west-0', 'eu-west-101']);
    expect((await ask(['fleet', '--service', ''])).values).toEqual(['ninedata', 'udts', 'starrocks', 'drs']);
  });

  it('lets the shell complete file names where a file is wanted, and offers nothing for a duration', async () => {
    for (const words of [['fleet', '--tasks', ''], ['status', '--config', 'x'], ['batch', '--file', ''], ['sim', '--scenario', '']]) {
      expect(await ask(words), words.join(' ')).toMatchObject({ values: [], directive: ':files' });
    }
    expect(await ask(['status', '--timeout', ''])).toMatchObject({ values: [], directive: ':none' });
    expect(await ask(['status', '--json', ''])).toMatchObject({ directive: ':none' });
  });

  it('offers the profiles of the config file the command would read (--config honoured)', async () => {
    expect((await ask(['status', '--profile', ''])).values).toEqual(['default', 'prod', 'staging']);
    expect((await ask(['status', '--profile', 'p'])).lines).toEqual(['prod\tprofile']);
    // A name a shell cannot take as one word is left out.
    expect((await ask(['status', '--config', 'other.yaml', '--profile', ''])).values).toEqual(['alpha']);
  });

  it("offers the fleet's task ids to the command of their service, and its labels to --label", async () => {
    // tasks: of the profile in use (default, --profile, SYNCSTAT_PROFILE).
    expect((await ask(['status', ''])).lines).toEqual(['rp-fromprofile1\torders']);
    expect((await ask(['status', '--profile', 'prod', ''])).values).toEqual(['rp-prodtask0001']);
    expect((await ask(['batch', ''], { SYNCSTAT_PROFILE: 'prod' })).values).toEqual(['job-prod-1']);
    expect((await ask(['status', 'rp-fromprofile1', ''])).values).toEqual(['rp-fromprofile1']);
    // --tasks on fleet.
    expect((await ask(['fleet', '--tasks', 'fleet.yaml', '--label', ''])).values).toEqual(['env=prod', 'wave=3', 'env=staging']);
    expect((await ask(['fleet', '--tasks', 'fleet.yaml', '--label', 'env=s'])).values).toEqual(['env=staging']);
    // starrocks takes an instance: the entry's instance key; one only.
    expect((await ask(['starrocks', '--profile', 'prod', ''])).lines).toEqual(['a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4in17\twarehouse']);
    expect((await ask(['starrocks', '--profile', 'prod', 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4in17', ''])).values).toEqual([]);
  });

  it('restores a trailing empty word a shell dropped (SYNCSTAT_COMPLETE_WORDS, from the PowerShell script)', async () => {
    expect((await ask(['status', '-o'], { SYNCSTAT_COMPLETE_WORDS: '3' })).values).toEqual(FORMATS);
    expect((await ask(['status', '-o'], { SYNCSTAT_COMPLETE_WORDS: '2' })).values).toEqual(['-o']);
  });

  it('offers the topics and the commands to help', async () => {
    const r = await ask(['help', '']);
    expect(r.values.slice(0, TOPIC_NAMES.length)).toEqual([...TOPIC_NAMES]);
    expect(r.values).toContain('status');
  });

  it('never fails: a broken config file, an unknown command, a missing task list offer nothing, exit 0, silently', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'syncstat-complete-'));
    writeFileSync(join(broken, '.statusrc.json'), '{ not json');
    for (const words of [['status', '--profile', ''], ['status', ''], ['nosuch', ''], ['fleet', '--tasks', 'missing.yaml', '--label', '']]) {
      const r = await ask(words, {}, broken);
      expect(r, words.join(' ')).toMatchObject({ code: 0, stderr: '', values: [], directive: ':none' });
    }
  });
});

describe('syncstat completion', () => {
  it.each(['bash', 'zsh', 'fish', 'powershell'])('prints the %s script, which asks syncstat __complete', async (shell) => {
    const io = captureIo(DIR);
    expect(await runCli(['completion', shell], io)).toBe(0);
    expect(io.out()).toContain('syncstat __complete');
  });

  it('refuses another shell (exit 2, the choices named)', async () => {
    const io = captureIo(DIR);
    expect(await runCli(['completion', 'tcsh'], io)).toBe(2);
    expect(io.err()).toMatch(/^syncstat: error: command-argument value 'tcsh' is invalid for argument 'shell'\. Allowed choices are bash, zsh, fish, powershell\. See: syncstat completion --help\n$/);
  });
});
