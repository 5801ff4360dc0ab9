import { HUAWEI_SETTINGS } from './settings-table.js';
import { AuthError } from '../../core/errors.js';
import { missingSettingsError, traceServiceSettings, valuesOf, type Traced } from '../../core/config.js';
import type { Session } from '../../core/session.js';
import { readSdkCredentialsFile } from './credentials-file.js';


export type HuaweiSettings = { [K in keyof typeof HUAWEI_SETTINGS]: string | undefined };
export type SettingName = keyof typeof HUAWEI_SETTINGS;

export const AUTH_MODES = ['aksk', 'token', 'password'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

/**
 * What each mode needs. The project id is not among them: without one, IAM names it (password
 * mode's token, or a project lookup by region with AK/SK or a token, as the official SDKs do).
 */
const NEEDS: Readonly<Record<AuthMode, readonly SettingName[]>> = {
  aksk: ['ak', 'sk'],
  token: ['token'],
  password: ['user', 'password', 'domain'],
};
/** Settings whose presence says "this mode was meant", in the order modes are tried. */
const MARKERS: Readonly<Record<AuthMode, readonly SettingName[]>> = {
  aksk: ['ak', 'sk'],
  token: ['token'],
  password: ['user', 'password'],
};

/** Huawei Cloud's settings with their sources (secrets registered for scrubbing). */
export function traceHuaweiSettings(s: Session): Traced<typeof HUAWEI_SETTINGS> {
  return traceServiceSettings(s, 'huawei', HUAWEI_SETTINGS, {
    service: 'Huawei Cloud',
    hasCredentials: (t) => AUTH_MODES.some((m) => MARKERS[m].some((k) => t[k].value)),
    read: () => {
      const sdk = readSdkCredentialsFile(s.env, s.homedir);
      return sdk && { path: `${sdk.path} [basic]`, file: sdk.path, values: sdk.values };
    },
  });
}

export function readHuaweiSettings(s: Session): HuaweiSettings {
  return valuesOf(traceHuaweiSettings(s));
}

/**
 * The auth mode: the one named by `auth`, else the first of AK/SK, token, password whose
 * credentials are present (AK/SK first, as the official SDKs do). Throws naming what is missing.
 */
export function chooseAuthMode(settings: HuaweiSettings, profile: string): AuthMode {
  const named = settings.auth?.toLowerCase();
  if (named !== undefined && !(AUTH_MODES as readonly string[]).includes(named)) {
    throw new AuthError(`unknown Huawei Cloud auth mode "${settings.auth}"`, { code: 'CONFIG', suggestion: `Use one of ${AUTH_MODES.join(', ')} (--auth, SYNCSTAT_HUAWEI_AUTH or profiles.${profile}.huawei.auth)` });
  }
  const mode = (named as AuthMode | undefined) ?? AUTH_MODES.find((m) => MARKERS[m].some((k) => settings[k])) ?? null;
  if (!mode) throw noCredentialsError(profile);
  const missing: SettingName[] = NEEDS[mode].filter((k) => !settings[k]);
  // Without a region too, there is nothing to look the project id up by.
  const noProject = !settings.projectId && !settings.region;
  if (noProject) missing.push('projectId');
  if (missing.length) throw missingSettingsError('Huawei Cloud', HUAWEI_SETTINGS, missing, profile, noProject ? `${SDK_FILE_HINT}; or a region (--region, HUAWEICLOUD_SDK_REGION) to look the project id up at IAM` : SDK_FILE_HINT);
  return mode;
}

/** The mode commands would use and why, for `syncstat config`: chooseAuthMode's rules, without failing. */
export interface AuthModeChoice {
  mode: AuthMode | 'none';
  reason: string;
}

export function describeAuthMode(traced: Traced<typeof HUAWEI_SETTINGS>): AuthModeChoice {
  const settings = valuesOf(traced);
  const named = settings.auth?.toLowerCase();
  if (named !== undefined && !(AUTH_MODES as readonly string[]).includes(named)) {
    return { mode: 'none', reason: `auth "${settings.auth}" (${traced.auth.source}) is not one of ${AUTH_MODES.join(', ')}` };
  }
  const mode = (named as AuthMode | undefined) ?? AUTH_MODES.find((m) => MARKERS[m].some((k) => settings[k]));
  if (!mode) return { mode: 'none', reason: 'no AK/SK, token or IAM user/password is set' };
  const why = named
    ? `named by auth (${traced.auth.source})`
    : `${MARKERS[mode].filter((k) => settings[k]).join(' and ')} set (modes are tried in the order ${AUTH_MODES.join(', ')})`;
  const missing: string[] = NEEDS[mode].filter((k) => !settings[k]);
  // chooseAuthMode's rule: without a project id, the region names the project to look up at IAM.
  if (!settings.projectId && !settings.region) missing.push('projectId (or a region to look it up at IAM)');
  const project = !settings.projectId && settings.region ? `; the project id is looked up at IAM for region ${settings.region}` : '';
  return { mode, reason: missing.length ? `${why}; but ${missing.join(', ')} not set, so commands would fail` : why + project };
}

const SDK_FILE_HINT = 'ak, sk and project_id under [basic] in ~/.huaweicloud/credentials (HUAWEICLOUD_SDK_CREDENTIALS_FILE)';

function noCredentialsError(profile: string): AuthError {
  return new AuthError('missing Huawei Cloud credentials', {
    code: 'MISSING_CREDENTIALS',
    suggestion:
      'Set HUAWEICLOUD_SDK_AK + HUAWEICLOUD_SDK_SK + HUAWEICLOUD_SDK_PROJECT_ID (AK/SK), HUAWEICLOUD_TOKEN + HUAWEICLOUD_SDK_PROJECT_ID (token) ' +
      'or HUAWEICLOUD_SDK_USERNAME + HUAWEICLOUD_SDK_PASSWORD + HUAWEICLOUD_SDK_DOMAIN_NAME (IAM password); ' +
      `or the keys ak/sk/projectId, token or user/password/domain under profiles.${profile}.huawei in .statusrc (see .statusrc.example), or ${SDK_FILE_HINT}`,
  });
}

export { HUAWEI_SETTINGS };
