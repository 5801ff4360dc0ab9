import { basename } from 'node:path';
import { isReadableByOthers, isSecretFileTooOpen, type ConfigFile, type LoadedConfig } from '../core/config.js';
import { mayHaveConfigFile, searchDirs, userConfigDir } from '../core/config-probe.js';
import { EXIT } from '../core/exit-codes.js';
import { SyncstatError } from '../core/errors.js';
import { fail, ok, warn, type Check } from './types.js';

export interface ConfigInput {
  explicitPath?: string;
  cwd: string;
  home: string;
  env: Record<string, string | undefined>;
  profile: string;
  secretKeys: ReadonlySet<string>;
}

const S = 'config';

/**
 * The config file as every command reads it (config-search, then the schema check), each step its own
 * line: where it was found, whether it is valid, who can read it, whether it has the profile. A
 * failure stops every service: their settings come from it.
 */
export async function checkConfigFile(input: ConfigInput): Promise<{ checks: Check[]; loaded?: LoadedConfig }> {
  const checks: Check[] = [];
  let found: { filepath: string; config: unknown } | null = null;
  try {
    if (input.explicitPath || mayHaveConfigFile(input.cwd, input.home, input.env)) {
      found = await (await import('../core/config-search.js')).findConfig(input.explicitPath, input.cwd, input.home, input.env);
    }
  } catch (err) {
    const e = err instanceof SyncstatError ? err : null;
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return { checks: [fail(S, 'config-file', e ? message : `cannot read config file${input.explicitPath ? ` ${input.explicitPath}` : ''}: ${message}`, e?.suggestion ?? 'Fix the file, or point --config at another one', EXIT.auth)] };
  }
  if (!found) {
    const dirs = searchDirs(input.cwd, input.home);
    checks.push(ok(S, 'config-file', `none found (searched ${dirs[0]}${dirs.length > 1 ? ` up to ${dirs.at(-1)}` : ''}, then ${userConfigDir(input.home, input.env)}): settings come from flags, the environment and vendor files`));
    return { checks: [...checks, ...profileCheck({}, null, input.profile)], loaded: { filepath: null, config: {} } };
  }
  const where = `${found.filepath}${basename(found.filepath) === 'package.json' ? ' (key "syncstat")' : ''}${input.explicitPath ? ' (--config)' : ''}`;
  checks.push(ok(S, 'config-file', `found ${where}`));
  const config = found.config ?? {};
  if (typeof config !== 'object' || Array.isArray(config)) {
    return { checks: [...checks, fail(S, 'config-schema', `${found.filepath} must hold an object`, 'Fix the file (schema/config.schema.json describes every key)', EXIT.auth)] };
  }
  const unknown: string[] = [];
  try {
    (await import('../core/config-check.js')).checkConfig(found.filepath, config, (m) => unknown.push(m));
  } catch (err) {
    const e = err as SyncstatError;
    return { checks: [...checks, fail(S, 'config-schema', e.message, e.suggestion ?? null, EXIT.auth)] };
  }
  checks.push(
    unknown.length
      ? warn(S, 'config-schema', `valid values, but ${unknown.map((m) => m.slice(found!.filepath.length + 2)).join('; ')}`, 'Fix or remove the key: unknown keys are ignored (schema/config.schema.json describes every key)')
      : ok(S, 'config-schema', 'valid against schema/config.schema.json'),
  );
  const file = config as ConfigFile;
  if (isSecretFileTooOpen(found.filepath, file, input.secretKeys)) {
    checks.push(warn(S, 'config-permissions', `${found.filepath} holds a secret and is readable by other users`, `chmod 600 ${found.filepath}`));
  } else {
    checks.push(ok(S, 'config-permissions', isReadableByOthers(found.filepath) ? 'holds no literal secret (others may read it)' : 'readable by you only'));
  }
  return { checks: [...checks, ...profileCheck(file, found.filepath, input.profile)], loaded: { filepath: found.filepath, config: file } };
}

/** The profile in use must be in the file (except "default"), as every command requires. */
function profileCheck(config: ConfigFile, filepath: string | null, profile: string): Check[] {
  if (profile === 'default') return [];
  const profiles = config.profiles;
  if (profiles && Object.hasOwn(profiles, profile)) return [ok(S, 'config-profile', `profile "${profile}" found`)];
  return [fail(S, 'config-profile', `profile "${profile}" is not in ${filepath ?? 'any config file'} (profiles: ${profiles ? Object.keys(profiles).join(', ') : 'none'})`, 'Check --profile / SYNCSTAT_PROFILE', EXIT.auth)];
}
