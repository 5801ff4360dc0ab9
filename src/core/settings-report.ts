import type { SettingsTable, TracedSetting } from './config.js';
import { formatDuration } from './duration.js';
import { GENERAL_SETTINGS, resolveServiceConcurrency, SERVICE_CONCURRENCY, type GeneralKey, type GeneralSettings } from './general-settings.js';
import { redactUserinfo } from './secrets.js';
import type { Provider } from './provider.js';
import type { Session } from './session.js';

/** One setting of one service as `syncstat config` shows it: never a secret's value. */
export interface SettingRow {
  provider: string;
  setting: string;
  /** Null when not set, and always for a secret. */
  value: string | null;
  set: boolean;
  secret: boolean;
  source: string;
}

/** One general setting (output, timeouts, retries, concurrency) and where it came from. */
export interface GeneralRow {
  setting: GeneralKey;
  /** As written for durations ("10s", "5m00s"); null when set nowhere (output: table on a terminal, json otherwise). */
  value: string | null;
  source: string;
}

export interface SettingsReport {
  schemaVersion: 1;
  profile: string;
  configFile: string | null;
  general: GeneralRow[];
  settings: SettingRow[];
  /** `<provider>Auth`: the auth mode a provider with several would use, and why (before `settings`). */
  [authSection: `${string}Auth`]: AuthModeRow;
}

export interface AuthModeRow {
  mode: string;
  reason: string;
}

function rowsOf(provider: string, table: SettingsTable, traced: Record<string, TracedSetting>): SettingRow[] {
  return Object.entries(table).map(([setting, spec]) => {
    const { value, source } = traced[setting];
    const secret = Boolean(spec.secret);
    // An endpoint may carry a password (https://user:pass@host): shown redacted, like every URL we print.
    return { provider, setting, value: secret || value === undefined ? null : redactUserinfo(value), set: value !== undefined, secret, source };
  });
}

/** A service's own cap on requests in flight, after its settings. */
function concurrencyRow(s: Session, provider: string): SettingRow {
  const { value, source } = resolveServiceConcurrency(provider, s.env, s.config, s.profile);
  return { provider, setting: SERVICE_CONCURRENCY.key, value: value === undefined ? null : String(value), set: value !== undefined, secret: false, source };
}

/** How each general setting's value reads. */
const GENERAL_VALUE: Record<GeneralKey, (g: GeneralSettings) => string | undefined> = {
  output: (g) => g.output,
  timeout: (g) => (g.timeoutMs === undefined ? undefined : formatDuration(g.timeoutMs)),
  requestTimeout: (g) => formatDuration(g.requestTimeoutMs),
  retries: (g) => String(g.retries),
  concurrency: (g) => String(g.concurrency),
};

function generalRows(general: GeneralSettings): GeneralRow[] {
  return GENERAL_SETTINGS.map(({ key }) => ({ setting: key, value: GENERAL_VALUE[key](general) ?? null, source: general.sources[key] }));
}

/**
 * Every provider's settings, resolved exactly as its commands resolve them, but for one thing: a
 * config value referencing an unset ${NAME} shows as unset instead of failing, since a command for
 * another service would never read it.
 */
export async function collectSettings(session: Session, general: GeneralSettings, providers: readonly Provider[]): Promise<SettingsReport> {
  const s: Session = { ...session, reportUnsetReferences: true };
  const traces = await Promise.all(providers.map(async (p) => ({ provider: p, how: await p.loadSettings() })));
  const traced = traces.map(({ provider, how }) => ({ provider, how, settings: how.trace(s) }));
  const auth: Record<string, AuthModeRow> = {};
  for (const { provider, how, settings } of traced) if (how.authMode) auth[`${provider.name}Auth`] = how.authMode(settings);
  return {
    schemaVersion: 1,
    profile: s.profile,
    configFile: s.config.filepath,
    general: generalRows(general),
    ...auth,
    settings: traced.flatMap(({ provider, settings }) => [...rowsOf(provider.name, provider.settings, settings), concurrencyRow(s, provider.name)]),
  };
}
