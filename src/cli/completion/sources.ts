import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Argument, Command, Option } from 'commander';
import { loadConfigFile, type LoadedConfig } from '../../core/config.js';
import { CONFIG_MAX_BYTES } from '../../core/config-probe.js';
import { UNTIL_PHASES } from '../../core/wait.js';
import { UNSAFE_CHAR } from '../../render/safe-text.js';
import { PROVIDER_LIST } from '../../providers/index.js';
import { fleetCommands, PHASE_FILTERS } from '../commands/fleet.js';
import { COMMAND_NAMES } from '../command-names.js';
import { TOPIC_NAMES } from '../../help/topics.js';
import type { Candidate, CompletionEnv } from './engine.js';

/** The options given so far on the line being completed, by commander's attribute name (`config`, `tasks`). */
export type Given = Map<string, string | boolean>;

/** Where the values of an option or argument come from; `list`: a comma-separated list of them. */
export interface ValueSource {
  values(given: Given, env: CompletionEnv): Promise<Candidate[]>;
  list?: boolean;
}

const plain = (values: readonly string[]): Candidate[] => values.map((value) => ({ value }));

/**
 * Values that are not commander choices, by what they complete: one row each. Flags are matched by
 * their long name, arguments by the command they belong to; the lists themselves live where the
 * program reads them (UNTIL_PHASES, the registry, the config file, the task list).
 */
const OPTION_SOURCES: Readonly<Record<string, ValueSource>> = {
  '--profile': { values: async (given, env) => profileNames(await readConfig(given, env)) },
  '--until': { values: async () => plain(Object.keys(UNTIL_PHASES)) },
  '--service': { values: async () => plain([...fleetCommands().keys()]) },
  '--phase': { values: async () => plain(PHASE_FILTERS), list: true },
  '--label': { values: async (given, env) => (await readTaskList(given, env)).flatMap((t) => Object.entries(t.labels ?? {}).map(([k, v]) => ({ value: `${k}=${v}` }))) },
};

/** An option whose value is a path: the shell completes file names (`--config <file>`, `--file <path>`). */
const PATH_ARGUMENT = /<(file|path)>/;

export function valueSource(cmd: Command, target: Option | Argument): ValueSource | 'files' | undefined {
  if ('flags' in target) {
    if (PATH_ARGUMENT.test(target.flags)) return 'files';
    const declared = specOption(cmd.name(), target.long);
    if (declared?.values) return { values: async () => plain(await declared.values!()) };
    return target.long ? OPTION_SOURCES[target.long] : undefined;
  }
  if (cmd.name() === 'help') return { values: async () => [...TOPIC_NAMES.map((value) => ({ value, description: 'topic' })), ...plain(COMMAND_NAMES)] };
  const fleet = fleetServiceOf(cmd.name());
  return fleet && { values: async (given, env) => taskIds(await readTaskList(given, env), fleet.service, fleet.key) };
}

/** A provider command's option as its spec declares it (a spec may say what values it takes). */
function specOption(command: string, long: string | undefined) {
  const spec = PROVIDER_LIST.flatMap((p) => p.commands).find((c) => c.name === command);
  return long ? spec?.options?.find((o) => o.flags.split(/[ ,]+/).includes(long)) : undefined;
}

function fleetServiceOf(command: string): { service: string; key: string } | undefined {
  for (const [service, { spec }] of fleetCommands()) if (spec.name === command) return { service, key: spec.fleet.key ?? 'id' };
  return undefined;
}

/** The config file the command would read (--config, else the search), or none. */
async function readConfig(given: Given, env: CompletionEnv): Promise<LoadedConfig> {
  const explicit = given.get('config');
  return loadConfigFile({ explicitPath: typeof explicit === 'string' ? explicit : undefined, cwd: env.cwd, home: env.home, env: env.env });
}

function profileNames(config: LoadedConfig): Candidate[] {
  return Object.keys(config.config.profiles ?? {}).map((value) => ({ value, description: 'profile' }));
}

interface Entry {
  service?: unknown;
  name?: unknown;
  labels?: Record<string, unknown>;
  [key: string]: unknown;
}

/** The fleet's task list: --tasks <file>, else tasks: of the profile (else the file's top-level tasks:). */
async function readTaskList(given: Given, env: CompletionEnv): Promise<Entry[]> {
  const file = given.get('tasks');
  let list: unknown;
  if (typeof file === 'string' && file !== '-') {
    const path = resolve(env.cwd, file);
    if (statSync(path).size > CONFIG_MAX_BYTES) return [];
    const { loadYaml } = await import('cosmiconfig/dist/loaders.js');
    const parsed = loadYaml(path, readFileSync(path, 'utf8')) as unknown;
    list = isObject(parsed) ? parsed.tasks : parsed;
  } else {
    const { config } = await readConfig(given, env);
    const profile = given.get('profile');
    const name = typeof profile === 'string' ? profile : (env.env.SYNCSTAT_PROFILE ?? 'default');
    list = (config.profiles?.[name] as Record<string, unknown> | undefined)?.tasks ?? config.tasks;
  }
  return Array.isArray(list) ? list.filter(isObject) : [];
}

function taskIds(entries: Entry[], service: string, key: string): Candidate[] {
  return entries.filter((e) => e.service === service && typeof e[key] === 'string').map((e) => ({ value: e[key] as string, description: typeof e.name === 'string' ? e.name : service }));
}

function isObject(v: unknown): v is Entry & Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A candidate a shell can take: one word, no control characters (a config file is not trusted to be tidy). */
export function usable(c: Candidate): boolean {
  return c.value !== '' && !/\s/.test(c.value) && !UNSAFE_CHAR.test(c.value);
}
