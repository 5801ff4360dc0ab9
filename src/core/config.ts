import { statSync } from 'node:fs';
import { AuthError } from './errors.js';
import { mayHaveConfigFile } from './config-probe.js';
import type { Session } from './session.js';

/** The config file's shape (see .statusrc.example). */
export interface ConfigFile {
  output?: string;
  /** The whole command (a wait, or a query with its retries). */
  timeout?: string | number;
  /** One HTTP attempt. */
  requestTimeout?: string | number;
  retries?: number;
  concurrency?: number;
  /** While waiting or watching: a lag unchanged this long is stale (src/core/freshness.ts). */
  staleAfter?: string | number;
  profiles?: Record<string, Record<string, Record<string, unknown>>>;
  /** A task list for `fleet` (a profile may have its own: profiles.<name>.tasks). */
  tasks?: unknown[];
}

export interface LoadedConfig {
  filepath: string | null;
  config: ConfigFile;
}

/** Where to look for the config file. */
export interface ConfigLocation {
  /** --config: read this file and search nowhere else. */
  explicitPath?: string;
  cwd: string;
  home: string;
  env: Record<string, string | undefined>;
  /** Where the file's unknown keys are reported. */
  warn?: (message: string) => void;
}

/**
 * Finds and reads the config file: --config, else the search described in config-probe.ts (cwd up to
 * the repository root or home, then ~/.config/syncstat). No file: nothing more is loaded.
 */
export async function loadConfigFile({ explicitPath, cwd, home, env, warn = () => {} }: ConfigLocation): Promise<LoadedConfig> {
  if (!explicitPath && !mayHaveConfigFile(cwd, home, env)) return { filepath: null, config: {} };
  try {
    const found = await (await import('./config-search.js')).findConfig(explicitPath, cwd, home, env);
    if (!found || found.config === undefined || found.config === null) return { filepath: found?.filepath ?? null, config: {} };
    if (typeof found.config !== 'object' || Array.isArray(found.config)) {
      throw new AuthError(`config file ${found.filepath} must hold an object`, { code: 'CONFIG' });
    }
    // Only a file found is checked: a run without one loads nothing more.
    const { checkConfig } = await import('./config-check.js');
    checkConfig(found.filepath, found.config, warn);
    return { filepath: found.filepath, config: found.config as ConfigFile };
  } catch (err) {
    if (err instanceof AuthError) throw err;
    // findConfig names the file in its own errors; anything else is still the config's, not a bug.
    const where = explicitPath ? ` ${explicitPath}` : '';
    throw new AuthError(`cannot read config file${where}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`, { code: 'CONFIG', suggestion: 'Fix the file, or point --config at another one' });
  }
}

/**
 * The settings of one provider in one profile, with ${NAME} references resolved from the environment.
 * A reference to an unset variable fails, unless `unset` is given: then the key is left out and
 * `unset[key]` names the variables (`syncstat config` shows such a setting instead of failing).
 */
export function profileSection(
  loaded: LoadedConfig,
  profile: string,
  provider: string,
  env: Record<string, string | undefined>,
  unset?: Record<string, string[]>,
): Record<string, string> {
  const profiles = loaded.config.profiles ?? {};
  const section = profiles[profile]?.[provider] ?? {};
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(section)) {
    if (value === null || value === undefined) continue;
    const missing = unset ? unsetReferences(String(value), env) : [];
    if (missing.length) unset![key] = missing;
    else out[key] = interpolate(String(value), env, `profiles.${profile}.${provider}.${key}`, loaded.filepath);
  }
  return out;
}

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

function unsetReferences(value: string, env: Record<string, string | undefined>): string[] {
  return [...value.matchAll(REFERENCE)].map((m) => m[1]).filter((name) => env[name] === undefined);
}

export function interpolate(value: string, env: Record<string, string | undefined>, where: string, file: string | null): string {
  return value.replace(REFERENCE, (_, name: string) => {
    const v = env[name];
    if (v === undefined) throw new AuthError(`${where} in ${file ?? 'the config file'} references \${${name}}, which is not set`, { code: 'CONFIG', suggestion: `Export ${name} or put the value in the file` });
    return v;
  });
}

/** One setting of a provider: where it may come from, in precedence order flag > env > file > default. */
export interface SettingSpec {
  /** Key in the profile's provider section of the config file. */
  key: string;
  /** Environment variables, first set wins. */
  env?: readonly string[];
  /** Name of the command-line option that overrides it. */
  flag?: string;
  secret?: boolean;
  default?: string;
}

export type SettingsTable = Readonly<Record<string, SettingSpec>>;

export interface SettingsInput {
  flags: Record<string, unknown>;
  env: Record<string, string | undefined>;
  file: Record<string, string>;
  /** The config file's path and the section read (`profiles.<profile>.<service>`), to name them as a source. */
  filePath?: string | null;
  fileSection?: string;
  /** The vendor's own CLI or SDK credential file, below syncstat's config file. */
  vendor?: VendorFile;
  /** Config keys whose ${NAME} references are not set, with those names (see profileSection). */
  unset?: Record<string, string[]>;
}

/** Values read from a vendor's file; `sources` names a different file for some settings (a vendor may keep two). */
export interface VendorFile {
  path: string;
  /** The file on disk, when `path` names more than the file (a section, a profile): checked for permissions. */
  file?: string;
  values: Partial<Record<string, string>>;
  sources?: Partial<Record<string, string>>;
}

/** A resolved setting and where it came from ("env <SERVICE>_ENDPOINT", "flag --region", ...). */
export interface TracedSetting {
  value: string | undefined;
  source: string;
}

export type Traced<T extends SettingsTable> = { [K in keyof T]: TracedSetting };
export type Resolved<T extends SettingsTable> = { [K in keyof T]: string | undefined };

/** A file value that references an unset variable: the setting is unset, and nothing below it applies. */
const UNSET = Symbol('unset reference');

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Each setting's value and source, in precedence order flag > env > config file > vendor file > default. */
export function traceSettings<T extends SettingsTable>(table: T, input: SettingsInput): Traced<T> {
  const out = {} as Traced<T>;
  for (const name of Object.keys(table) as Array<keyof T & string>) {
    const spec = table[name];
    const unset = input.unset?.[spec.key];
    const candidates: Array<[unknown, string]> = [
      [spec.flag ? input.flags[spec.flag] : undefined, `flag --${kebab(spec.flag ?? '')}`],
      ...(spec.env ?? []).map((v): [unknown, string] => [input.env[v], `env ${v}`]),
      unset
        ? [UNSET, `unset (references ${unset.map((n) => `\${${n}}`).join(', ')}, not set)`]
        : [input.file[spec.key], `config ${input.filePath ?? 'file'}${input.fileSection ? ` ${input.fileSection}.${spec.key}` : ''}`],
      [input.vendor?.values[name], input.vendor?.sources?.[name] ?? input.vendor?.path ?? ''],
      [spec.default, 'default'],
    ];
    const hit = candidates.find(([v]) => v !== undefined && v !== '');
    out[name] = !hit ? { value: undefined, source: 'not set' } : { value: hit[0] === UNSET ? undefined : String(hit[0]).trim(), source: hit[1] };
  }
  return out;
}

export function valuesOf<T extends SettingsTable>(traced: Traced<T>): Resolved<T> {
  return Object.fromEntries(Object.entries(traced).map(([k, t]) => [k, (t as TracedSetting).value])) as Resolved<T>;
}

/** Vendor files already warned about this run (settings may be traced more than once). */
const warnedOpenFiles = new Set<string>();

/** The vendor's own CLI or SDK credential file, a service's last source before its defaults. */
export interface VendorCredentials<T extends SettingsTable> {
  service: string;
  /** Whether the settings already name credentials: then the file is not read (keys from two places never sign). */
  hasCredentials(traced: Traced<T>): boolean;
  /** The file's values, `path` (or `sources`) naming it as a source; undefined when there is none. */
  read(): VendorFile | undefined;
}

/**
 * One service's settings with their sources, as its commands resolve them: the command's flags, the
 * environment, its section of the config file, then the vendor's credential file (as in the vendors'
 * own credential chains, only when nothing else names credentials). Secrets go into the registry that
 * scrubs output.
 */
export function traceServiceSettings<T extends SettingsTable>(s: Session, provider: string, table: T, vendor?: VendorCredentials<T>): Traced<T> {
  const unset = s.reportUnsetReferences ? {} : undefined;
  const file = profileSection(s.config, s.profile, provider, s.env, unset);
  const input: SettingsInput = { flags: s.flags, env: s.env, file, unset, filePath: s.config.filepath, fileSection: `profiles.${s.profile}.${provider}` };
  let traced = traceSettings(table, input);
  const found = vendor && !vendor.hasCredentials(traced) ? vendor.read() : undefined;
  if (found) {
    s.log.debug(`${vendor!.service} credentials from ${found.path}`);
    traced = traceSettings(table, { ...input, vendor: found });
    const file = found.file ?? found.path;
    const holdsSecret = Object.entries(table).some(([name, spec]) => spec.secret && traced[name].value !== undefined && traced[name].source === (found.sources?.[name] ?? found.path));
    if (holdsSecret && !warnedOpenFiles.has(file) && isReadableByOthers(file)) {
      warnedOpenFiles.add(file);
      s.log.warn(openSecretFileWarning(file));
    }
  }
  for (const [name, spec] of Object.entries(table)) if (spec.secret) s.secrets.add(traced[name].value);
  return traced;
}

/** Names the env vars and config keys that would supply the missing settings (and any vendor file that could). */
export function missingSettingsError(service: string, table: SettingsTable, missing: string[], profile: string, vendorFile?: string): AuthError {
  const envs = missing.flatMap((m) => table[m].env?.slice(0, 1) ?? []);
  const keys = missing.map((m) => `profiles.${profile}.${providerKeyOf(service)}.${table[m].key}`);
  return new AuthError(`missing ${service} credentials: ${missing.join(', ')}`, {
    code: 'MISSING_CREDENTIALS',
    suggestion: `Set ${envs.join(' and ')}, or ${keys.join(' and ')} in .statusrc (see .statusrc.example)${vendorFile ? `, or ${vendorFile}` : ''}`,
  });
}

function providerKeyOf(service: string): string {
  return service.toLowerCase().split(/\s+/)[0];
}

/** A value written in the file itself, not a ${NAME} reference: a string or a number (`sk: 123456`). */
function isLiteralSecret(v: unknown): boolean {
  if (typeof v === 'number' || typeof v === 'bigint') return true;
  return typeof v === 'string' && v.trim() !== '' && !/^\$\{[^}]+\}$/.test(v.trim());
}

/** True when a config file holding a literal secret can be read by group or others. */
export function isSecretFileTooOpen(filepath: string | null, config: ConfigFile, secretKeys: ReadonlySet<string>): boolean {
  if (!filepath) return false;
  const literalSecret = Object.values(config.profiles ?? {}).some((providers) =>
    Object.values(providers ?? {}).some((section) => Object.entries(section ?? {}).some(([k, v]) => secretKeys.has(k) && isLiteralSecret(v))),
  );
  return literalSecret && isReadableByOthers(filepath);
}

/** Group or others have any access to the file, as ssh judges a key (never on Windows, where modes say nothing of that). */
export function isReadableByOthers(filepath: string): boolean {
  if (process.platform === 'win32') return false;
  try {
    return (statSync(filepath).mode & 0o077) !== 0;
  } catch {
    return false;
  }
}

/** The warning for a file holding a secret that others can read: one wording for every such file. */
export function openSecretFileWarning(filepath: string): string {
  return `${filepath} holds a secret and is readable by other users; run: chmod 600 ${filepath}`;
}
