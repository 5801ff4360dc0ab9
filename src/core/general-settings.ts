import type { LoadedConfig } from './config.js';
import { parseDuration } from './duration.js';
import { AuthError, UsageError } from './errors.js';
import { DEFAULT_RETRY } from './retry.js';

export type GeneralKey = 'output' | 'timeout' | 'requestTimeout' | 'retries' | 'concurrency';

export interface GeneralSettings {
  /** Undefined when set nowhere: the caller picks table on a terminal, json otherwise (see chooseOutput). */
  output?: string;
  /** --timeout: bounds the whole command (a wait, or a one-shot query with its retries); undefined when set nowhere. */
  timeoutMs?: number;
  /** --request-timeout: one HTTP attempt. */
  requestTimeoutMs: number;
  retries: number;
  concurrency: number;
  /** Where each came from: 'flag --timeout', 'env SYNCSTAT_TIMEOUT', 'config /path/.statusrc.yaml: timeout', 'default'. */
  sources: Record<GeneralKey, string>;
}

export interface GeneralFlags {
  output?: string;
  json?: boolean;
  timeout?: string;
  requestTimeout?: string;
  retries?: string;
  concurrency?: string;
}

/** Every format some command prints; each command's -o choices are a subset. */
export const OUTPUT_FORMATS = ['table', 'wide', 'json', 'ndjson', 'tsv', 'junit', 'github', 'yaml', 'openmetrics', 'prometheus'] as const;

interface GeneralSpec {
  key: GeneralKey;
  /** commander's property for the flag, and the flag as typed. */
  flag: keyof GeneralFlags;
  option: string;
  env: string;
  /** The config file's key (top level). */
  configKey: string;
  /** The value, or undefined when the text is not a value of this kind. */
  parse(text: string): string | number | undefined;
  /** A parsed value that is still not allowed, e.g. "must be more than 0". */
  problem?(value: number): string | undefined;
  /** What is allowed, for messages. */
  allowed: string;
  default?: number;
}

const count = (text: string) => (/^\s*\d+\s*$/.test(text) ? Number(text) : undefined);
const inRange = (min: number, max: number) => (n: number) => (n < min || n > max ? `must be from ${min} to ${max}` : undefined);
const duration = (text: string) => {
  try {
    return parseDuration(text);
  } catch {
    return undefined;
  }
};
const positive = (ms: number) => (ms <= 0 ? 'must be more than 0' : undefined);
const DURATION = 'a duration more than 0: 500ms, 10s, 5m, 1h30m or a bare number of seconds';

/** The general settings, in the order `syncstat config` lists them. Precedence: flag > env > config file > default. */
export const GENERAL_SETTINGS: readonly GeneralSpec[] = [
  {
    key: 'output', flag: 'output', option: '--output', env: 'SYNCSTAT_OUTPUT', configKey: 'output',
    parse: (t) => ((OUTPUT_FORMATS as readonly string[]).includes(t.trim()) ? t.trim() : undefined),
    allowed: `one of ${OUTPUT_FORMATS.join(', ')}`,
  },
  { key: 'timeout', flag: 'timeout', option: '--timeout', env: 'SYNCSTAT_TIMEOUT', configKey: 'timeout', parse: duration, problem: positive, allowed: DURATION },
  { key: 'requestTimeout', flag: 'requestTimeout', option: '--request-timeout', env: 'SYNCSTAT_REQUEST_TIMEOUT', configKey: 'requestTimeout', parse: duration, problem: positive, allowed: DURATION, default: 10_000 },
  { key: 'retries', flag: 'retries', option: '--retries', env: 'SYNCSTAT_RETRIES', configKey: 'retries', parse: count, problem: inRange(0, 10), allowed: 'a whole number from 0 to 10', default: DEFAULT_RETRY.retries },
  { key: 'concurrency', flag: 'concurrency', option: '--concurrency', env: 'SYNCSTAT_CONCURRENCY', configKey: 'concurrency', parse: count, problem: inRange(1, 64), allowed: 'a whole number from 1 to 64', default: 8 },
];

/**
 * A service's own cap on requests in flight, below the general --concurrency: `concurrency` in its
 * section of a profile (profiles.<profile>.<provider>.concurrency), or SYNCSTAT_<PROVIDER>_CONCURRENCY.
 */
export const SERVICE_CONCURRENCY = {
  key: 'concurrency',
  env: (provider: string) => `SYNCSTAT_${provider.toUpperCase()}_CONCURRENCY`,
  min: 1,
  max: 64,
  allowed: 'a whole number from 1 to 64',
} as const;

/** A service's cap and where it came from; `value` undefined when set nowhere (the general concurrency applies). */
export interface ServiceConcurrency {
  value?: number;
  source: string;
}

/** The service's cap: environment, then its section of the profile (already checked against the schema). */
export function resolveServiceConcurrency(provider: string, env: Record<string, string | undefined>, config: LoadedConfig, profile: string): ServiceConcurrency {
  const name = SERVICE_CONCURRENCY.env(provider);
  const check = (raw: unknown, source: string, fix: string): ServiceConcurrency => {
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? count(raw) : undefined;
    if (n === undefined || !Number.isInteger(n) || n < SERVICE_CONCURRENCY.min || n > SERVICE_CONCURRENCY.max) {
      throw new AuthError(`invalid ${source.replace(/^(env|config) /, '')} ${scalar(raw)} (expected ${SERVICE_CONCURRENCY.allowed})`, { code: 'CONFIG', suggestion: fix });
    }
    return { value: n, source };
  };
  if (env[name] !== undefined && env[name] !== '') return check(env[name], `env ${name}`, `Use ${SERVICE_CONCURRENCY.allowed}, or unset ${name}`);
  const section = (config.config.profiles?.[profile]?.[provider] ?? {}) as Record<string, unknown>;
  const raw = section[SERVICE_CONCURRENCY.key];
  if (raw === undefined || raw === null) return { source: 'not set' };
  const key = `profiles.${profile}.${provider}.${SERVICE_CONCURRENCY.key}`;
  return check(raw, `config ${config.filepath ?? 'file'} ${key}`, 'Fix the file (schema/config.schema.json describes every key)');
}

/** Where a value came from, and how to report it when it is not allowed. */
interface Candidate {
  raw: unknown;
  source: string;
  invalid(spec: GeneralSpec, problem?: string): Error;
}

/**
 * The general settings (output, timeouts, retries, concurrency), each from the first of flag,
 * environment (SYNCSTAT_*), config file, default. A bad value is reported where it was written: a
 * flag as a usage error (exit 2), an environment variable or the file as a configuration error (exit 3),
 * never as a flag that was not passed.
 */
export function resolveGeneralSettings(flags: GeneralFlags, env: Record<string, string | undefined>, config: LoadedConfig): GeneralSettings {
  const values: Partial<Record<GeneralKey, string | number>> = {};
  const sources = {} as Record<GeneralKey, string>;
  for (const spec of GENERAL_SETTINGS) {
    const hit = candidatesOf(spec, flags, env, config).find((c) => c.raw !== undefined && c.raw !== null && c.raw !== '');
    sources[spec.key] = hit?.source ?? 'default';
    const value = hit ? parseCandidate(spec, hit) : spec.default;
    if (value !== undefined) values[spec.key] = value;
  }
  return {
    output: values.output as string | undefined,
    timeoutMs: values.timeout as number | undefined,
    requestTimeoutMs: values.requestTimeout as number,
    retries: values.retries as number,
    concurrency: values.concurrency as number,
    sources,
  };
}

function candidatesOf(spec: GeneralSpec, flags: GeneralFlags, env: Record<string, string | undefined>, config: LoadedConfig): Candidate[] {
  const file = config.filepath ?? 'the config file';
  const flagCandidate: Candidate =
    spec.key === 'output' && flags.json && flags.output === undefined
      ? { raw: 'json', source: 'flag --json', invalid: () => new UsageError('invalid --json') }
      : {
          raw: flags[spec.flag],
          source: `flag ${spec.option}`,
          invalid: (s, problem) =>
            new UsageError(problem ? `${s.option} ${problem}` : `invalid ${s.option} "${String(flags[s.flag])}"`, { suggestion: `Use ${s.allowed}` }),
        };
  return [
    flagCandidate,
    {
      raw: env[spec.env],
      source: `env ${spec.env}`,
      invalid: (s, problem) =>
        new AuthError(problem ? `${s.env} ${problem} (it is "${env[s.env]}")` : `invalid ${s.env} "${env[s.env]}"`, { code: 'CONFIG', suggestion: `Use ${s.allowed}, or unset ${s.env}` }),
    },
    {
      raw: (config.config as Record<string, unknown>)[spec.configKey],
      source: `config ${config.filepath ?? 'file'}: ${spec.configKey}`,
      invalid: (s) =>
        new AuthError(`${file}: invalid value for "${s.configKey}": ${scalar((config.config as Record<string, unknown>)[s.configKey])} (expected ${s.allowed})`, {
          code: 'CONFIG',
          suggestion: 'Fix the file (schema/config.schema.json describes every key)',
        }),
    },
  ];
}

/** A value as written, but never an object's or list's contents. */
const scalar = (v: unknown) => (Array.isArray(v) ? 'a list' : typeof v === 'object' && v !== null ? 'an object' : JSON.stringify(v));

function parseCandidate(spec: GeneralSpec, c: Candidate): string | number {
  // The file may hold numbers (retries: 3, timeout: 30); anything but a string or number is not a value.
  const text = typeof c.raw === 'string' || typeof c.raw === 'number' ? String(c.raw) : undefined;
  const value = text === undefined ? undefined : spec.parse(text);
  if (value === undefined) throw c.invalid(spec);
  const problem = typeof value === 'number' ? spec.problem?.(value) : undefined;
  if (problem) throw c.invalid(spec, problem);
  return value;
}

/**
 * The format to print: the one set, if this command prints it; otherwise table on a terminal and json
 * off one. A format from the environment or the file that this command lacks (junit, set for
 * precheck, while running status) falls back the same way, since those defaults apply to every
 * command; a flag has already been checked against the command's choices.
 */
export function chooseOutput(output: string | undefined, formats: readonly string[] | undefined, stdoutIsTTY: boolean): string {
  if (output !== undefined && (!formats || formats.includes(output))) return output;
  return stdoutIsTTY ? 'table' : 'json';
}
