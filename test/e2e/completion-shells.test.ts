// The completion scripts run in the real shells (bash, zsh, fish at /usr/bin; .ci/run installs bash
// and zsh), each making a real completion request to the built binary through `syncstat` on PATH.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers.js';
import { COMMON_OPTIONS } from '../../src/cli/options.js';

/** The -o choices every query command declares. */
const FORMATS = COMMON_OPTIONS.find((o) => o.flags.startsWith('-o'))!.choices!;

const has = (shell: string) => spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;

/** A home with a config file (profiles, tasks: of the default profile), a task list, and `syncstat` on PATH. */
function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'syncstat-shells-'));
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'syncstat'), `#!/bin/sh\nexec '${process.execPath}' '${BIN}' "$@"\n`);
  chmodSync(join(bin, 'syncstat'), 0o755);
  writeFileSync(join(dir, '.statusrc.yaml'), [
    'profiles:',
    '  default:',
    '    tasks:',
    '      - { service: ninedata, id: rp-div0t0awwobr, name: orders }',
    '      - { service: ninedata, id: rp-div0qqpbffio, name: customers }',
    '      - { service: udts, id: udts-ixdp441 }',
    '  prod: {}',
    '  staging: {}',
  ].join('\n'));
  writeFileSync(join(dir, 'fleet.yaml'), 'tasks:\n  - { service: drs, id: job-1, labels: { env: prod } }\n  - { service: udts, id: udts-2, labels: { env: dev } }\n');
  const env = { PATH: `${bin}:${process.env.PATH}`, HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'), XDG_CACHE_HOME: join(dir, 'cache'), LANG: 'C' };
  return { dir, env };
}

const { dir, env } = setup();
const run = (file: string, args: string[]) => execFileSync(file, args, { cwd: dir, env, encoding: 'utf8', timeout: 30_000 });

/** bash: source the script, set what bash sets for a completion (COMP_WORDS split at = as bash does), call it. */
function bash(line: string, words?: string[]): string[] {
  const compWords = words ?? (line.endsWith(' ') ? [...line.trim().split(/\s+/), ''] : line.split(/\s+/));
  const script = 'source <(syncstat completion bash) && COMP_LINE=$1 && COMP_POINT=${#COMP_LINE} && shift && COMP_WORDS=("$@") && COMP_CWORD=$(( $# - 1 )) && _syncstat && printf "%s\\n" "${COMPREPLY[@]}"';
  return run('bash', ['--norc', '--noprofile', '-c', script, 'bash', line, ...compWords]).split('\n').filter(Boolean);
}

/** zsh: load the script under compinit, stub compadd/_files (they need a live widget) and call _syncstat. */
function zsh(line: string): { values: string[]; shown: string[]; files: boolean } {
  const words = line.endsWith(' ') ? [...line.trim().split(/\s+/), ''] : line.split(/\s+/);
  const script = [
    'autoload -U compinit && compinit -u -D',
    'source <(syncstat completion zsh)',
    'print -r -- "registered:$_comps[syncstat]"',
    'compadd() { local d; while [[ $1 != -- ]]; do [[ $1 == -d ]] && { d=$2; shift }; shift; done; shift; print -rl -- "value:"${^@}; [[ -n $d ]] && print -rl -- "shown:"${^${(P)d}} }',
    '_files() { print -r -- files }',
    'words=("$@"); CURRENT=$#; _syncstat',
  ].join('\n');
  const out = run('zsh', ['-f', '-c', script, 'zsh', ...words]).split('\n');
  expect(out[0]).toBe('registered:_syncstat');
  return {
    values: out.filter((l) => l.startsWith('value:')).map((l) => l.slice(6)),
    shown: out.filter((l) => l.startsWith('shown:')).map((l) => l.slice(6)),
    files: out.includes('files'),
  };
}

/** fish: its own `complete -C` asks the registered completion for a command line. */
function fish(line: string): string[] {
  return run('fish', ['--no-config', '-c', 'syncstat completion fish | source; complete -C $argv[1]', line]).split('\n').filter(Boolean);
}

describe.skipIf(!has('bash'))('bash completion', () => {
  it('completes commands, flags, formats, profiles and task ids', () => {
    expect(bash('syncstat st')).toEqual(['status', 'starrocks']);
    expect(bash('syncstat status --o')).toEqual(['--output']);
    expect(bash('syncstat status -o ')).toEqual(FORMATS);
    expect(bash('syncstat status --profile ')).toEqual(['default', 'prod', 'staging']);
    expect(bash('syncstat status ')).toEqual(['rp-div0t0awwobr', 'rp-div0qqpbffio']);
    expect(bash('syncstat fleet --tasks fleet.yaml --label ')).toEqual(['env=prod', 'env=dev']);
  });

  it('completes after = as bash splits it (only the part after = is replaced)', () => {
    expect(bash('syncstat status --output=y', ['syncstat', 'status', '--output', '=', 'y'])).toEqual(['yaml']);
    expect(bash('syncstat status --until=', ['syncstat', 'status', '--until', '='])).toEqual(['=syncing', '=succeeded', '=healthy', '=terminal']);
  });

  it('lets bash complete file names for a file option', () => {
    expect(bash('syncstat fleet --tasks fle')).toEqual(['fleet.yaml']);
  });
});

describe.skipIf(!has('zsh'))('zsh completion', () => {
  it('registers under compinit and completes commands, with their descriptions', () => {
    const r = zsh('syncstat st');
    expect(r.values).toEqual(['status', 'starrocks']);
    expect(r.shown[0]).toBe('status  -- NineData replication task status');
  });

  it('completes flags, formats, profiles and task ids', () => {
    expect(zsh('syncstat status --o').values).toEqual(['--output']);
    expect([...zsh('syncstat precheck -o ').values].sort()).toEqual([...FORMATS].sort());
    expect(zsh('syncstat status --profile ').values).toEqual(['default', 'prod', 'staging']);
    const ids = zsh('syncstat status ');
    expect(ids.values).toEqual(['rp-div0t0awwobr', 'rp-div0qqpbffio']);
    expect(ids.shown).toEqual(['rp-div0t0awwobr  -- orders', 'rp-div0qqpbffio  -- customers']);
    expect(zsh('syncstat udts ').values).toEqual(['udts-ixdp441']);
    expect(zsh('syncstat status --output=n').values).toEqual(['--output=ndjson']);
  });

  it('works installed as a file in $fpath (autoloaded by compinit)', () => {
    const fpath = join(dir, 'zfunc');
    mkdirSync(fpath, { recursive: true });
    writeFileSync(join(fpath, '_syncstat'), run('syncstat', ['completion', 'zsh']));
    const script = `fpath=(${fpath} $fpath); autoload -U compinit && compinit -u -D; print -r -- "registered:$_comps[syncstat]"; compadd() { shift 4; print -rl -- "$@" }; words=(syncstat status --pro); CURRENT=3; _syncstat`;
    expect(run('zsh', ['-f', '-c', script]).split('\n').filter(Boolean)).toEqual(['registered:_syncstat', '--profile']);
  });

  it('hands a file option to _files', () => {
    expect(zsh('syncstat fleet --tasks ')).toMatchObject({ values: [], files: true });
  });
});

describe('fish completion', () => {
  it.skipIf(!has('fish'))('completes commands, flags, formats, profiles and task ids, with descriptions', () => {
    expect(fish('syncstat st')).toEqual(['status\tNineData replication task status', 'starrocks\tHuawei Cloud TaurusDB StarRocks sync tasks of an instance']);
    expect(fish('syncstat status --o')).toEqual(['--output\toutput format']);
    expect(fish('syncstat status -o ')).toEqual(FORMATS);
    expect(fish('syncstat status --profile ')).toEqual(['default\tprofile', 'prod\tprofile', 'staging\tprofile']);
    expect(fish('syncstat status ')).toEqual(['rp-div0t0awwobr\torders', 'rp-div0qqpbffio\tcustomers']);
    expect(fish('syncstat fleet --tasks fle')).toEqual(['fleet.yaml']);
  });

  it.runIf(!has('fish'))('is skipped: fish is not installed (apt-get install fish to run it)', () => {});
});
