import { basename } from 'node:path';
import { userCacheDir } from '../core/cache-dir.js';
import { AuthError, UsageError } from '../core/errors.js';
import { isSecretFileTooOpen, loadConfigFile, openSecretFileWarning, type LoadedConfig } from '../core/config.js';
import { searchDirs, userConfigDir } from '../core/config-probe.js';
import { chooseOutput, resolveGeneralSettings, type GeneralSettings } from '../core/general-settings.js';
import { createHttpClient } from '../core/http.js';
import { Logger } from '../core/log.js';
import { Limiters } from '../core/limiter.js';
import { DEFAULT_RETRY } from '../core/retry.js';
import { addSecretNames, SecretRegistry } from '../core/secrets.js';
import { secretNames, secretSettingKeys } from '../providers/index.js';
import type { Session } from '../core/session.js';
import { NO_PAINT, type Paint } from '../render/paint.js';
import type { TableLayout } from '../render/table.js';
import type { CliIo } from './io.js';
import type { CommonOptions } from './options.js';
import { wantsShaping, type ShapeFlags } from './shape-options.js';
import type { Shaping } from './shaping.js';

declare const __SYNCSTAT_VERSION__: string;

export interface CliContext {
  io: CliIo;
  session: Session;
  paint: Paint;
  output: string;
  /** True when -o/--json, SYNCSTAT_OUTPUT or the config file chose the format (not the TTY default). */
  outputExplicit: boolean;
  general: GeneralSettings;
  raw: boolean;
  log: Logger;
  secrets: SecretRegistry;
  /** --timeout: the whole command (a wait, or a query with its retries); undefined when not set. */
  timeoutMs?: number;
  /** Warnings already given this run (unknown status values): each is said once. */
  warned: Set<string>;
  /** The room a table has: the terminal's width (cells cut to fit), a cap per cell off one, everything with -o wide. */
  layout: TableLayout;
  /** The command being run ("status", "fleet"), set by its action: names the step summary. */
  command?: string;
  /** --query, --columns, --sort-by, --no-headers, -o yaml (src/cli/shaping.ts); undefined when none is given. */
  shape?: Shaping;
  close(): Promise<void>;
}


/** Colour on a terminal only; NO_COLOR, TERM=dumb and --no-color turn it off; FORCE_COLOR turns it on. */
export function colourEnabled(env: CliIo['env'], isTTY: boolean, flag: boolean | undefined): boolean {
  if (flag === false) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return isTTY;
}

export async function makePaint(enabled: boolean): Promise<Paint> {
  if (!enabled) return NO_PAINT;
  const { Chalk } = await import('chalk');
  const c = new Chalk({ level: 1 });
  return { red: c.red, green: c.green, yellow: c.yellow, cyan: c.cyan, magenta: c.magenta, dim: c.dim, bold: c.bold };
}

export { parseCount } from '../core/count.js';

/** `preloaded`: the config file already read and checked (`doctor` reports it as checks, not warnings). */
export async function createContext(opts: CommonOptions, io: CliIo, preloaded?: LoadedConfig): Promise<CliContext> {
  const paint = await makePaint(colourEnabled(io.env, io.stdoutIsTTY, opts.color));
  // What the providers' requests carry as credentials: never shown in --debug logs.
  addSecretNames(secretNames());
  const secrets = new SecretRegistry();
  const log = new Logger(io.stderr, secrets, Boolean(opts.debug), colourEnabled(io.env, io.stderrIsTTY, opts.color) ? paint : NO_PAINT);

  const config = preloaded ?? (await loadConfigFile({ explicitPath: opts.config, cwd: io.cwd, home: io.homedir, env: io.env, warn: (m) => log.warn(m) }));
  if (log.debugEnabled) log.debug(config.filepath ? `config file: ${config.filepath}${basename(config.filepath) === 'package.json' ? ' (key "syncstat")' : ''}` : noConfigLine(io));
  if (!preloaded && isSecretFileTooOpen(config.filepath, config.config, secretSettingKeys())) {
    log.warn(openSecretFileWarning(config.filepath!));
  }
  const profile = opts.profile ?? io.env.SYNCSTAT_PROFILE ?? 'default';
  checkProfile(config, profile);

  const general = resolveGeneralSettings(opts, io.env, config);
  const { timeoutMs, requestTimeoutMs, retries, concurrency } = general;
  const output = chooseOutput(general.output, opts.outputFormats, io.stdoutIsTTY);
  const outputExplicit = general.output !== undefined && output === general.output;
  if (opts.raw && general.sources.output.startsWith('flag') && output !== 'json') {
    throw new UsageError(`--raw prints the vendor's own JSON and cannot be combined with -o ${output}`, { suggestion: 'Drop one of them' });
  }

  const http = createHttpClient({ timeoutMs: requestTimeoutMs, env: io.env, log, signal: io.signal, userAgent: `syncstat/${__SYNCSTAT_VERSION__}` });
  const session: Session = {
    env: io.env,
    now: io.now,
    sleep: io.sleep,
    random: io.random,
    signal: io.signal,
    http,
    log,
    secrets,
    retry: { ...DEFAULT_RETRY, retries },
    concurrency,
    config,
    profile,
    flags: opts,
    cacheDir: userCacheDir(io.env, io.homedir),
    homedir: io.homedir,
    // A one-shot query's retries stay within --timeout; a wait sets its own deadline (runQuery).
    deadline: timeoutMs === undefined ? undefined : io.now() + timeoutMs,
    limiters: new Limiters(concurrency, { now: io.now, sleep: io.sleep, random: io.random, signal: io.signal }),
    keepRaw: Boolean(opts.raw),
  };
  // A pseudo-terminal with no size reports 0 columns: then the cap for a log applies.
  const layout: TableLayout = { columns: io.stdoutIsTTY && io.columns && io.columns >= 20 ? io.columns : undefined, full: output === 'wide' };
  const ctx: CliContext = { io, session, paint, output, outputExplicit, general, raw: Boolean(opts.raw), log, secrets, timeoutMs, warned: new Set(), layout, close: () => http.close() };
  // Shaping loads only when asked for: a plain run never does.
  if (wantsShaping(opts as ShapeFlags, output)) await (await import('./shaping.js')).prepareShaping(ctx, opts as ShapeFlags);
  return ctx;
}

/** Where the search looked, for --debug (the probe is cheap: computed only then). */
function noConfigLine(io: CliIo): string {
  const dirs = searchDirs(io.cwd, io.homedir);
  return `config file: none (searched ${dirs[0]}${dirs.length > 1 ? ` up to ${dirs.at(-1)}` : ''}, then ${userConfigDir(io.homedir, io.env)})`;
}

function checkProfile(config: LoadedConfig, profile: string): void {
  const profiles = config.config.profiles;
  if (profile === 'default' || (profiles && Object.hasOwn(profiles, profile))) return;
  const known = profiles ? Object.keys(profiles).join(', ') : 'none';
  throw new AuthError(`profile "${profile}" is not in ${config.filepath ?? 'any config file'} (profiles: ${known})`, { code: 'CONFIG', suggestion: 'Check --profile / SYNCSTAT_PROFILE' });
}

