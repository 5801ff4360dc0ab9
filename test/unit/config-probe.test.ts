import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { getDefaultSearchPlaces, globalConfigSearchPlaces } from 'cosmiconfig';
import { describe, expect, it } from 'vitest';
import { globalConfigDir, mayHaveConfigFile } from '../../src/core/config-probe.js';
import { loadConfigFile } from '../../src/core/config.js';

/** home/proj/sub, with cwd in sub: the probe must see what cosmiconfig would search. */
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

describe('mayHaveConfigFile', () => {
  it('says no when nothing could configure syncstat', () => {
    const t = tree();
    put(join(t.cwd, 'package.json'), '{"name":"app","scripts":{"build":"tsc"}}');
    put(join(t.cwd, '.config', 'eslintrc.json'));
    put(join(t.root, '.statusrc'), '{}'); // above home: cosmiconfig stops at home
    expect(mayHaveConfigFile(t.cwd, t.home, t.env, 'linux')).toBe(false);
  });

  // Every place cosmiconfig itself searches, in cwd, in a parent and in home.
  for (const place of getDefaultSearchPlaces('status')) {
    it(`sees ${place} in cwd, a parent and home`, () => {
      for (const dir of ['cwd', 'parent', 'home'] as const) {
        const t = tree();
        const base = { cwd: t.cwd, parent: dirname(t.cwd), home: t.home }[dir];
        put(join(base, place), place === 'package.json' ? '{"name":"app","status":{"output":"json"}}' : '{}');
        expect(mayHaveConfigFile(t.cwd, t.home, t.env, 'linux'), `${place} in ${dir}`).toBe(true);
      }
    });
  }

  it('sees every global config place and the meta config in cwd', () => {
    for (const place of globalConfigSearchPlaces) {
      const t = tree();
      put(join(globalConfigDir(t.home, t.env, 'linux'), place));
      expect(mayHaveConfigFile(t.cwd, t.home, t.env, 'linux'), place).toBe(true);
    }
    const t = tree();
    put(join(t.cwd, 'package.json'), '{"cosmiconfig":{"searchPlaces":["x.json"]}}');
    expect(mayHaveConfigFile(t.cwd, t.home, t.env, 'linux')).toBe(true);
    const u = tree();
    put(join(u.cwd, '.config', 'config.json'));
    expect(mayHaveConfigFile(u.cwd, u.home, u.env, 'linux')).toBe(true);
  });

  it('walks to the root when cwd is outside home', () => {
    const t = tree();
    const outside = join(t.root, 'elsewhere', 'deep');
    mkdirSync(outside, { recursive: true });
    put(join(t.root, 'elsewhere', 'status.config.cjs'), 'module.exports = {}');
    expect(mayHaveConfigFile(outside, t.home, t.env, 'linux')).toBe(true);
  });

  it('computes the env-paths config directory per platform', () => {
    expect(globalConfigDir('/h', {}, 'linux')).toBe(join('/h', '.config', 'status'));
    expect(globalConfigDir('/h', { XDG_CONFIG_HOME: '/x' }, 'linux')).toBe(join('/x', 'status'));
    expect(globalConfigDir('/h', {}, 'darwin')).toBe(join('/h', 'Library', 'Preferences', 'status'));
    expect(globalConfigDir('/h', { APPDATA: '/a' }, 'win32')).toBe(join('/a', 'status', 'Config'));
  });

  it('lets loadConfigFile skip cosmiconfig only when the answer is no', async () => {
    const t = tree();
    expect(await loadConfigFile({ cwd: t.cwd, home: t.home, env: t.env })).toEqual({ filepath: null, config: {} });
    put(join(t.cwd, '.statusrc.json'), '{"output":"json"}');
    expect(await loadConfigFile({ cwd: t.cwd, home: t.home, env: t.env })).toEqual({ filepath: join(t.cwd, '.statusrc.json'), config: { output: 'json' } });
  });

  it('loads JS config files after the synchronous search, the user-dir config.mjs included', async () => {
    const t = tree();
    put(join(dirname(t.cwd), 'status.config.mjs'), 'export default { output: "tsv" };');
    expect(await loadConfigFile({ cwd: t.cwd, home: t.home, env: t.env })).toEqual({ filepath: join(dirname(t.cwd), 'status.config.mjs'), config: { output: 'tsv' } });
    const u = tree();
    put(join(globalConfigDir(u.home, u.env, process.platform), 'config.mjs'), 'export default { output: "json" };');
    expect(await loadConfigFile({ cwd: u.cwd, home: u.home, env: u.env })).toEqual({ filepath: join(globalConfigDir(u.home, u.env, process.platform), 'config.mjs'), config: { output: 'json' } });
  });
});
