import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { userCacheDir } from '../core/cache-dir.js';

/** Where the cache lives; NODE_DISABLE_COMPILE_CACHE (Node's own switch for its compile cache) turns it off. */
export function codeCacheDir(env: Record<string, string | undefined>): string | undefined {
  return env.NODE_DISABLE_COMPILE_CACHE ? undefined : userCacheDir(env, homedir());
}

/**
 * Requires a CommonJS bundle through a V8 code cache, the way Node 22's module.enableCompileCache()
 * does: compiling the bundle is most of syncstat's start-up, and a status query is often run in a loop.
 * The cache is written once, after the first run, and holds the functions that run compiled; the
 * next runs skip parsing and compiling. `key` must change whenever the bundle's bytes change: V8 checks
 * only the source's length. Any failure (no cache dir, a read-only home, a rejected cache) falls back
 * to compiling as usual.
 */
export function requireWithCodeCache(dir: string, name: string, key: string, cacheDir: string | undefined): unknown {
  const file = join(dir, name);
  const source = readFileSync(file, 'utf8');
  const cacheFile = cacheDir && join(cacheDir, `${name}-${key}-${process.version}-${process.arch}.v8cache`);
  const cachedData = cacheFile ? readIfThere(cacheFile) : undefined;
  // The CommonJS wrapper, as Module.wrap writes it.
  // No import() may run inside: functions restored from a code cache have no dynamic-import callback
  // (scripts/build.mjs checks the bundle has none).
  const script = new Script(`(function (exports, require, module, __filename, __dirname) { ${source}\n});`, { filename: file, cachedData });
  if (cacheFile && (!cachedData || script.cachedDataRejected)) {
    process.once('exit', () => saveCache(cacheFile, () => script.createCachedData()));
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

/** Caches of other builds kept beside this one's: two installs (global and npx, say) must not evict each other. */
const KEEP_OTHER_CACHES = 3;

/** Atomic (write then rename), private, and it prunes the oldest caches of other builds. Never throws. */
function saveCache(cacheFile: string, data: () => Buffer): void {
  try {
    const dir = dirname(cacheFile);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    pruneOtherCaches(dir, basename(cacheFile));
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(tmp, data(), { mode: 0o600 });
    renameSync(tmp, cacheFile);
  } catch {
    /* a cache is an optimisation: never fail a run over it */
  }
}

function pruneOtherCaches(dir: string, keep: string): void {
  const prefix = keep.slice(0, keep.indexOf('-') + 1);
  const others = readdirSync(dir)
    .filter((name) => name.startsWith(prefix) && name.endsWith('.v8cache') && name !== keep)
    .map((name) => ({ name, mtime: statSync(join(dir, name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const old of others.slice(KEEP_OTHER_CACHES)) rmSync(join(dir, old.name), { force: true });
}
