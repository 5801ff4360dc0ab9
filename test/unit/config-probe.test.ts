import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_MAX_BYTES, mayHaveConfigFile, PROJECT_CONFIG_NAMES, searchDirs, USER_CONFIG_NAMES, userConfigDir } from '../../src/core/config-probe.js';
import { loadConfigFile } from '../../src/core/config.js';
import { AuthError } from '../../src/core/errors.js';

/** home/proj/sub, with cwd in sub. */
function tree() {
  const root = mkdtempSync(join(tmpdir(), 'syncstat-probe-'));
  const home = join(root, 'home');
  const cwd = join(home, 'proj', 'sub');
  mkdirSync(cwd, { recursive: true });
  return { root, home, cwd, env: { XDG_CONFIG_HOME: join(root, 'xdg') } };
}

function put(file: string, text = '{}') {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

const load = (t: ReturnType<typeof tree>, cwd = t.cwd) => loadConfigFile({ cwd, home: t.home, env: t.env });

/** The probe and the search must agree: a "no" from the probe skips the search. */
async function found(t: ReturnType<typeof tree>, cwd = t.cwd): Promise<string | null> {
  const probe = mayHaveConfigFile(cwd, t.home, t.env);
  const { filepath } = await load(t, cwd);
  if (filepath) expect(probe, `probe missed ${filepath}`).toBe(true);
  return filepath;
}

function contents(name: string): string {
  if (name.endsWith('.mjs') || name.endsWith('.ts') || name.endsWith('.js')) return 'export default { output: "json" };';
  if (name.endsWith('.cjs')) return 'module.exports = { output: "json" };';
  return '{"output":"json"}';
}

describe('config search', () => {
  it('finds nothing when nothing configures syncstat: package.json "status", status.config.*, files above home', async () => {
    const t = tree();
    put(join(t.cwd, 'package.json'), '{"name":"app","status":"beta","scripts":{"build":"tsc"}}');
    put(join(t.cwd, '.config', 'statusrc.json'));
    put(join(dirname(t.cwd), 'status.config.cjs'), 'throw new Error("must not run")');
    put(join(t.root, '.statusrc'), 'output: json'); // above home
    expect(mayHaveConfigFile(t.cwd, t.home, t.env)).toBe(false);
    expect(await load(t)).toEqual({ filepath: null, config: {} });
  });

  for (const name of PROJECT_CONFIG_NAMES) {
    it(`finds ${name} in cwd, a parent and home`, async () => {
      for (const dir of ['cwd', 'parent', 'home'] as const) {
        const t = tree();
        put(join(t.cwd, 'package.json'), '{"type":"module"}');
        const base = { cwd: t.cwd, parent: dirname(t.cwd), home: t.home }[dir];
        put(join(base, name), contents(name));
        expect(await found(t), `${name} in ${dir}`).toBe(join(base, name));
        expect((await load(t)).config).toEqual({ output: 'json' });
      }
    });
  }

  it('reads package.json only under "syncstat", and goes on up past one without it', async () => {
    const t = tree();
    put(join(t.cwd, 'package.json'), '{"name":"app","dependencies":{"syncstat":"1"},"status":{"output":"tsv"}}');
    put(join(t.home, '.statusrc.json'), '{"output":"ndjson"}');
    expect(await found(t)).toBe(join(t.home, '.statusrc.json'));
    put(join(dirname(t.cwd), 'package.json'), '{"name":"root","syncstat":{"output":"tsv"}}');
    expect(await load(t)).toEqual({ filepath: join(dirname(t.cwd), 'package.json'), config: { output: 'tsv' } });
  });

  it('stops at the repository root (the first folder with .git, a folder or a file)', async () => {
    for (const kind of ['dir', 'file'] as const) {
      const t = tree();
      const repo = dirname(t.cwd);
      if (kind === 'dir') mkdirSync(join(repo, '.git'));
      else put(join(repo, '.git'), 'gitdir: /elsewhere');
      put(join(t.home, '.statusrc.json'), '{"output":"json"}');
      expect(searchDirs(t.cwd, t.home)).toEqual([t.cwd, repo]);
      expect(await found(t)).toBeNull();
      put(join(repo, '.statusrc.yaml'), 'output: tsv');
      expect(await found(t)).toBe(join(repo, '.statusrc.yaml'));
    }
  });

  it('walks to the root when cwd is outside home and outside a repository', () => {
    const t = tree();
    const outside = join(t.root, 'elsewhere', 'deep');
    mkdirSync(outside, { recursive: true });
    const dirs = searchDirs(outside, t.home);
    expect(dirs[0]).toBe(outside);
    expect(dirs.at(-1)).toBe(dirname(dirs.at(-1)!));
  });

  it('then looks in $XDG_CONFIG_HOME/syncstat (default ~/.config/syncstat), also from inside a repository', async () => {
    expect(userConfigDir('/h', {})).toBe(join('/h', '.config', 'syncstat'));
    expect(userConfigDir('/h', { XDG_CONFIG_HOME: '/x' })).toBe(join('/x', 'syncstat'));
    for (const name of USER_CONFIG_NAMES) {
      const t = tree();
      mkdirSync(join(t.cwd, '.git'));
      put(join(t.root, 'xdg', 'syncstat', name), contents(name));
      expect(await found(t), name).toBe(join(t.root, 'xdg', 'syncstat', name));
      expect((await load(t)).config, name).toEqual({ output: 'json' });
    }
    const t = tree();
    put(join(t.root, 'xdg', 'status', 'config.json'), '{"output":"json"}'); // the old, generic folder
    expect(await found(t)).toBeNull();
  });

  it('passes over a folder named like a config file', async () => {
    const t = tree();
    mkdirSync(join(t.cwd, '.statusrc'));
    put(join(t.home, '.statusrc.json'), '{"output":"json"}');
    expect(await found(t)).toBe(join(t.home, '.statusrc.json'));
  });
});

describe('config file limits', () => {
  const refused = async (explicitPath: string, message: RegExp) => {
    const t = tree();
    const err = await loadConfigFile({ explicitPath, cwd: t.cwd, home: t.home, env: t.env }).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect((err as AuthError).exitCode).toBe(3);
    expect((err as AuthError).message).toMatch(message);
  };

  it('refuses a device or a pipe before reading a byte', async () => {
    await refused('/dev/zero', /^config file \/dev\/zero is not a regular file \(a character device\)$/);
    const t = tree();
    const fifo = join(t.cwd, 'fifo.yaml');
    execFileSync('mkfifo', [fifo]);
    await refused(fifo, /fifo\.yaml is not a regular file \(a pipe\)$/);
  });

  it(`refuses a file over ${CONFIG_MAX_BYTES} bytes`, async () => {
    const t = tree();
    const big = join(t.cwd, 'big.yaml');
    writeFileSync(big, `# ${'x'.repeat(CONFIG_MAX_BYTES)}\n`);
    await refused(big, /big\.yaml is larger than 1 MiB \(\d+ bytes\)$/);
    const ok = join(t.cwd, 'ok.yaml');
    writeFileSync(ok, `# ${'x'.repeat(CONFIG_MAX_BYTES - 100)}\noutput: json\n`);
    expect((await loadConfigFile({ explicitPath: ok, cwd: t.cwd, home: t.home, env: t.env })).config).toEqual({ output: 'json' });
  });

  it('refuses a YAML alias bomb quickly', async () => {
    const t = tree();
    const lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i <= 9; i++) lines.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]`);
    lines.push('profiles: {default: {ninedata: {endpoint: *a9}}}');
    const bomb = join(t.cwd, 'bomb.yaml');
    writeFileSync(bomb, lines.join('\n'));
    await refused(bomb, /bomb\.yaml expands to more than 50,000 values or 4 MiB of text \(YAML aliases\?\)$/);
    // A long string repeated by aliases, too.
    const wide = join(t.cwd, 'wide.yaml');
    writeFileSync(wide, `a: &a "${'y'.repeat(100_000)}"\nb: [${Array(100).fill('*a').join(',')}]\n`);
    await refused(wide, /wide\.yaml expands to more than/);
    // A few aliases, as people use them, are fine.
    const fine = join(t.cwd, 'fine.yaml');
    writeFileSync(fine, 'x: &hw {region: cn-north-4}\nprofiles:\n  a: {huawei: *hw}\n  b: {huawei: *hw}\n');
    const loaded = await loadConfigFile({ explicitPath: fine, cwd: t.cwd, home: t.home, env: t.env, warn: () => {} });
    expect(loaded.config.profiles).toEqual({ a: { huawei: { region: 'cn-north-4' } }, b: { huawei: { region: 'cn-north-4' } } });
  });

  it('makes a JavaScript config that throws a config error (exit 3) naming the file', async () => {
    const t = tree();
    const getter = join(t.cwd, 'getter.cjs');
    writeFileSync(getter, 'module.exports = { get output() { throw new Error("boom in getter"); } };');
    await refused(getter, /^config file \S+getter\.cjs: reading its values failed: boom in getter$/);
    const top = join(t.cwd, 'top.mjs');
    writeFileSync(top, 'throw new Error("boom at load");');
    await refused(top, /^cannot load config file \S+top\.mjs: boom at load$/);
    await refused(join(t.cwd, 'missing.json'), /^config file \S+missing\.json does not exist$/);
  });
});
