import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedDir, runBin, startSim } from '../helpers.js';

// The built CLI loads through a V8 code cache in $XDG_CACHE_HOME/syncstat (src/cli/code-cache.ts).
let sim: Awaited<ReturnType<typeof startSim>>;
beforeAll(async () => {
  sim = await startSim();
});
afterAll(() => sim.close());

function cacheHome() {
  const root = isolatedDir().dir;
  return { root, dir: join(root, 'syncstat'), env: { XDG_CACHE_HOME: root } };
}

// Help that bin/syncstat.cjs does not answer from its table (one flag more): it runs the CLI.
const HELP = ['--help', '--no-color'];
const helpOf = (command: string) => [command, '--help', '--no-color'];

const cachesIn = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.v8cache')) : []);

describe('code cache', () => {
  it('is written privately on the first run, then used as is', async () => {
    const home = cacheHome();
    const env = { ...sim.env, ...home.env };
    const first = await runBin(['status', 'rp-div0t0awwobr', '--json'], { env });
    expect(first.code).toBe(0);
    const [cache] = cachesIn(home.dir);
    expect(cache).toMatch(new RegExp(`^main\\.cjs-[0-9a-f]{16}-${process.version}-${process.arch}-status\\.v8cache$`));
    const file = join(home.dir, cache);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(home.dir).mode & 0o777).toBe(0o700);

    // An accepted cache is not rewritten; the output is the same.
    const written = statSync(file).mtimeMs;
    const second = await runBin(['status', 'rp-div0t0awwobr', '--json'], { env });
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout).results[0].id).toBe('rp-div0t0awwobr');
    expect(statSync(file).mtimeMs).toBe(written);
    expect(cachesIn(home.dir)).toEqual([cache]);
  });

  it('replaces a corrupt cache instead of failing', async () => {
    const home = cacheHome();
    await runBin(HELP, { env: home.env });
    const [cache] = cachesIn(home.dir);
    writeFileSync(join(home.dir, cache), 'not a V8 code cache');
    const run = await runBin(HELP, { env: home.env });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: syncstat');
    expect(run.stderr).toBe('');
    expect(readFileSync(join(home.dir, cache), 'utf8')).not.toBe('not a V8 code cache');
  });

  it('never fails a run when the cache cannot be written', async () => {
    const root = isolatedDir().dir;
    const notADir = join(root, 'file');
    writeFileSync(notADir, '');
    const run = await runBin(HELP, { env: { XDG_CACHE_HOME: notADir } });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('Usage: syncstat');
  });

  it('is off with NODE_DISABLE_COMPILE_CACHE, and --version never loads the CLI', async () => {
    const home = cacheHome();
    expect((await runBin(HELP, { env: { ...home.env, NODE_DISABLE_COMPILE_CACHE: '1' } })).code).toBe(0);
    const version = await runBin(['--version'], { env: home.env });
    expect(version.stdout).toBe(`${JSON.parse(readFileSync('package.json', 'utf8')).version}\n`);
    expect(cachesIn(home.dir)).toEqual([]);
  });

  it('keeps one cache per command, so a first --help does not shape what status runs from', async () => {
    const home = cacheHome();
    await runBin(HELP, { env: home.env });
    await runBin(helpOf('status'), { env: home.env });
    await runBin(['status', 'rp-div0t0awwobr', '--endpoint', 'http://127.0.0.1:1', '--retries', '0'], { env: { ...home.env, NINEDATA_ACCESS_KEY_ID: 'k', NINEDATA_ACCESS_KEY_SECRET: 's' } });
    await runBin(helpOf('udts'), { env: home.env });
    // `status --help` runs other code than a status query: each has its own cache.
    expect(cachesIn(home.dir).map((f) => f.replace(/^.*x64-/, '')).sort()).toEqual(['other-help.v8cache', 'status-help.v8cache', 'status.v8cache', 'udts-help.v8cache']);
  });

  it('keeps the caches of the two newest other builds and prunes older ones', async () => {
    const home = cacheHome();
    mkdirSync(home.dir, { recursive: true });
    const builds = ['a', 'b', 'c', 'd', 'e'].map((k, i) => {
      const names = ['status', 'other'].map((v) => `main.cjs-${k.repeat(16)}-v0.0.0-x64-${v}.v8cache`);
      const t = Date.now() / 1000 - 3600 * (i + 1); // a newest, e oldest
      for (const name of names) {
        writeFileSync(join(home.dir, name), 'x');
        utimesSync(join(home.dir, name), t, t);
      }
      return names;
    });
    expect((await runBin(HELP, { env: home.env })).code).toBe(0);
    const left = cachesIn(home.dir);
    expect(left).toHaveLength(5);
    expect(left).toEqual(expect.arrayContaining([...builds[0], ...builds[1]]));
  });
});
