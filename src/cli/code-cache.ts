import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { userCacheDir } from '../core/cache-dir.js';

/** Where the cache lives; NODE_DISABLE_COMPILE_CACHE (Node's own switch for its compile cache) turns it off. */
export function codeCacheDir(env: Record<string, string | undefined>): string | undefined {
  return env.NODE_DISABLE_COMPILE_CACHE ? undefined : userCacheDir(env, homedir());
}

export interface Bundle {
  dir: string;
  name: string;
  /** Changes whenever the bundle's bytes do: V8 checks only the source's length. */
  key: string;
  /** Which run shapes this cache (the command): V8 caches what the producing run compiled. */
  variant: string;
}

/**
 * Requires a CommonJS bundle through a V8 code cache, the way Node 22's module.enableCompileCache()
 * does: compiling the bundle is most of syncstat's start-up, and a status query is often run in a loop.
 * A variant's cache is written once, after its first run, and holds the functions that run compiled; the
 * next runs skip parsing and compiling. Any failure (no cache dir, a read-only home, a rejected cache)
 * falls back to compiling as usual.
 */
export function requireWithCodeCache({ dir, name, key, variant }: Bundle, cacheDir: string | undefined): unknown {
  const file = join(dir, name);
  const source = readFileSync(file, 'utf8');
  const build = `${name}-${key}-${process.version}-${process.arch}`;
  const cacheFile = cacheDir && join(cacheDir, `${build}-${variant}.v8cache`);
  const cachedData = cacheFile ? readIfThere(cacheFile) : undefined;
  // The CommonJS wrapper, as Module.wrap writes it.
  // No import() may run inside: functions restored from a code cache have no dynamic-import callback
  // (scripts/build.mjs checks the bundle has none).
  const script = new Script(`(function (exports, require, module, __filename, __dirname) { ${source}\n});`, { filename: file, cachedData });
  if (cacheFile && (!cachedData || script.cachedDataRejected)) {
    process.once('exit', () => saveCache(cacheFile, build, () => script.createCachedData()));
  }
  const module = { exports: {} as unknown };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, require, module, file, dirname(file));
  return module.exports;
}

function readIfThere(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Builds whose caches are kept beside this one's: two installs (global and npx, say) must not evict each other. */
const KEEP_OTHER_BUILDS = 2;

/** Atomic (write then rename), private, and it prunes the caches of older builds. Never throws. */
function saveCache(cacheFile: string, build: string, data: () => Buffer): void {
  try {
    const dir = dirname(cacheFile);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    pruneOtherBuilds(dir, build);
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(tmp, data(), { mode: 0o600 });
    renameSync(tmp, cacheFile);
  } catch {
    /* a cache is an optimisation: never fail a run over it */
  }
}

/** Cache files are `<bundle>-<key>-<node>-<arch>-<variant>.v8cache`; a build is all but the variant. */
function pruneOtherBuilds(dir: string, build: string): void {
  const bundle = build.slice(0, build.indexOf('-') + 1);
  const newest = new Map<string, number>();
  const files = readdirSync(dir).filter((f) => f.startsWith(bundle) && f.endsWith('.v8cache') && !f.startsWith(`${build}-`));
  for (const f of files) {
    const other = f.slice(0, f.lastIndexOf('-'));
    newest.set(other, Math.max(newest.get(other) ?? 0, statSync(join(dir, f)).mtimeMs));
  }
  const keep = new Set([...newest].sort((a, b) => b[1] - a[1]).slice(0, KEEP_OTHER_BUILDS).map(([b]) => b));
  for (const f of files) if (!keep.has(f.slice(0, f.lastIndexOf('-')))) rmSync(join(dir, f), { force: true });
}
