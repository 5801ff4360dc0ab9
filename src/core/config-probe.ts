import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { readBoundedFile } from './bounded-read.js';

/**
 * Where syncstat looks for its config file, and a cheap look that says "certainly none" (most runs
 * have no config file, and the loaders cost more than a whole status request to load). The search
 * itself (config-search.ts) walks the same candidates, so the look cannot disagree with it.
 *
 * In each folder from the working directory up, the first of PROJECT_CONFIG_NAMES that exists, or a
 * package.json with a "syncstat" key; the walk stops after the repository root (the first folder
 * holding `.git`) or the home directory, whichever comes first (the file system's root when neither
 * is above). Then the user's config folder, $XDG_CONFIG_HOME/syncstat or ~/.config/syncstat, with
 * USER_CONFIG_NAMES.
 */
export const PROJECT_CONFIG_NAMES: readonly string[] = ['.statusrc', '.statusrc.json', '.statusrc.yaml', '.statusrc.yml', '.statusrc.js', '.statusrc.cjs', '.statusrc.mjs', '.statusrc.ts'];
export const USER_CONFIG_NAMES: readonly string[] = ['config', 'config.json', 'config.yaml', 'config.yml', 'config.js', 'config.cjs', 'config.mjs', 'config.ts'];
/** package.json configures syncstat only under this key. */
export const PACKAGE_KEY = 'syncstat';
/** A config file (or a package.json read for its key) larger than this is refused. */
export const CONFIG_MAX_BYTES = 1024 * 1024;

export function userConfigDir(home: string, env: Record<string, string | undefined>): string {
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'syncstat');
}

export interface ConfigCandidate {
  path: string;
  /** A package.json: configures syncstat only when it has the "syncstat" key. */
  packageJson: boolean;
}

/** The folders searched, cwd first: up to the first holding `.git`, or home, or the root. */
export function searchDirs(cwd: string, home: string): string[] {
  const stop = resolve(home);
  const dirs: string[] = [];
  for (let dir = resolve(cwd); ; ) {
    dirs.push(dir);
    if (dir === stop || existsSync(join(dir, '.git'))) break;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return dirs;
}

/** Every place a config file may be, in search order (existence not checked). */
export function* configCandidates(cwd: string, home: string, env: Record<string, string | undefined>): Generator<ConfigCandidate> {
  for (const dir of searchDirs(cwd, home)) {
    for (const name of PROJECT_CONFIG_NAMES) yield { path: join(dir, name), packageJson: false };
    yield { path: join(dir, 'package.json'), packageJson: true };
  }
  const user = userConfigDir(home, env);
  for (const name of USER_CONFIG_NAMES) yield { path: join(user, name), packageJson: false };
}

/**
 * Whether a config file may exist: one existence check per place, not a directory listing (cwd may be
 * /tmp or a home directory with thousands of entries). A package.json counts only when its text
 * mentions "syncstat" (a false "maybe" costs a parse, never a wrong answer); one that cannot be read
 * (missing, over CONFIG_MAX_BYTES, not a regular file) is passed over here and by the search.
 */
export function mayHaveConfigFile(cwd: string, home: string, env: Record<string, string | undefined>): boolean {
  for (const c of configCandidates(cwd, home, env)) {
    if (c.packageJson ? packageJsonMentions(c.path) : existsSync(c.path)) return true;
  }
  return false;
}

function packageJsonMentions(file: string): boolean {
  try {
    return readBoundedFile(file, CONFIG_MAX_BYTES).includes(`"${PACKAGE_KEY}"`);
  } catch {
    // Not there, or not readable as a package.json (too large, not a file): the search passes it over too.
    return false;
  }
}
