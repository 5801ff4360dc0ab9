import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * Whether cosmiconfig could find a config file for module `status` (searchStrategy "global") from cwd.
 * cosmiconfig and its YAML parser cost more than a whole status request to load, and most runs have no
 * config file: a few existence checks answer "certainly not" and skip it. The answer may be a false
 * "maybe" (cosmiconfig then looks and finds nothing), never a false "no".
 * Mirrors cosmiconfig 9: search places in every directory from cwd up to the home directory (or the
 * root), the meta config (`cosmiconfig` key or `.config/config.*`) in cwd, and the env-paths config
 * directory. A unit test checks each of cosmiconfig's own search places against this.
 */
export function mayHaveConfigFile(cwd: string, home: string, env: Record<string, string | undefined>, platform: string = process.platform): boolean {
  const start = resolve(cwd);
  if (dirHasCandidate(start, true)) return true;
  const stop = resolve(home);
  for (let dir = start; dir !== stop; ) {
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
    if (dirHasCandidate(dir, false)) return true;
  }
  return existsSync(globalConfigDir(home, env, platform));
}

const EXTENSIONS = ['.json', '.yaml', '.yml', '.js', '.ts', '.cjs', '.mjs'];
/** cosmiconfig's search places for "status", but package.json (read, not just seen) and .config/ (one check first). */
const SEARCH_PLACES = ['.statusrc', ...EXTENSIONS.map((e) => `.statusrc${e}`), ...['.js', '.ts', '.cjs', '.mjs'].map((e) => `status.config${e}`)];
const DOT_CONFIG_PLACES = ['statusrc', ...EXTENSIONS.map((e) => `statusrc${e}`)];
/** Meta config, looked for in cwd only: it can move the search places anywhere. */
const META_DOT_CONFIG_PLACES = EXTENSIONS.map((e) => `config${e}`);

/**
 * One existence check per place, not a directory listing: cwd may be /tmp or a home directory with
 * thousands of entries.
 */
function dirHasCandidate(dir: string, isCwd: boolean): boolean {
  if (SEARCH_PLACES.some((place) => existsSync(join(dir, place)))) return true;
  if (packageJsonMentions(join(dir, 'package.json'), isCwd)) return true;
  if (isCwd && existsSync(join(dir, 'package.yaml'))) return true;
  const dotConfig = join(dir, '.config');
  if (!existsSync(dotConfig)) return false;
  return [...DOT_CONFIG_PLACES, ...(isCwd ? META_DOT_CONFIG_PLACES : [])].some((place) => existsSync(join(dotConfig, place)));
}

/** A cheap textual test: a package.json without the word cannot hold the key. */
function packageJsonMentions(file: string, isCwd: boolean): boolean {
  try {
    const text = readFileSync(file, 'utf8');
    return text.includes('"status"') || (isCwd && text.includes('"cosmiconfig"'));
  } catch {
    return false;
  }
}

/** env-paths' config directory for "status" with no suffix, as cosmiconfig computes it. */
export function globalConfigDir(home: string, env: Record<string, string | undefined>, platform: string): string {
  if (platform === 'darwin') return join(home, 'Library', 'Preferences', 'status');
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), 'status', 'Config');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'status');
}
