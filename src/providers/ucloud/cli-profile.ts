import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuthError } from '../../core/errors.js';
import { fsReason } from '../../core/fs-error.js';

/** What the UCloud CLI keeps per profile, in syncstat's setting names. */
export interface UCloudCliProfile {
  /** credential.json, which holds the keys. */
  path: string;
  /** config.json, which holds the project, region and base URL. */
  configPath: string;
  profile: string;
  values: { publicKey?: string; privateKey?: string; projectId?: string; region?: string; endpoint?: string };
}

/** The settings read from credential.json; the rest come from config.json. */
export const CREDENTIAL_FILE_SETTINGS: ReadonlySet<string> = new Set(['publicKey', 'privateKey']);

interface CliConfigEntry {
  profile?: string;
  active?: boolean;
  project_id?: string;
  region?: string;
  base_url?: string;
  /** Profiles signed in through the browser (OAuth) say so; they hold a token, not a key pair. */
  auth_mode?: string;
}
interface CliCredentialEntry {
  profile?: string;
  public_key?: string;
  private_key?: string;
  auth_mode?: string;
  access_token?: string;
  refresh_token?: string;
}

/** A profile signed in with OAuth: an access token (or a non-key auth mode) and no key pair. */
function oauthModeOf(credential: CliCredentialEntry, config: CliConfigEntry): string | null {
  if (credential.public_key && credential.private_key) return null;
  const mode = credential.auth_mode ?? config.auth_mode;
  if (typeof mode === 'string' && mode.trim() !== '' && !/^(aksk|ak\/?sk|key(pair)?)$/i.test(mode.trim())) return mode.trim();
  if (credential.access_token || credential.refresh_token) return 'OAuth';
  return null;
}

/**
 * The UCloud CLI's profiles: ~/.ucloud/config.json and ~/.ucloud/credential.json, JSON arrays joined
 * by `profile`. The profile in use is UCLOUD_PROFILE's, else the one marked `active`, as the CLI does.
 * Undefined when the CLI was never configured.
 */
export function readUCloudCliProfile(env: Record<string, string | undefined>, home: string): UCloudCliProfile | undefined {
  const dir = join(home, '.ucloud');
  const credentials = readJsonArray<CliCredentialEntry>(join(dir, 'credential.json'));
  if (!credentials) return undefined;
  const configs = readJsonArray<CliConfigEntry>(join(dir, 'config.json')) ?? [];
  const wanted = env.UCLOUD_PROFILE || configs.find((c) => c.active)?.profile || 'default';
  const credential = credentials.find((c) => c.profile === wanted);
  if (!credential) {
    if (!env.UCLOUD_PROFILE) return undefined;
    throw new AuthError(`UCLOUD_PROFILE "${wanted}" is not in ${join(dir, 'credential.json')}`, {
      code: 'CONFIG',
      suggestion: `Profiles there: ${credentials.map((c) => c.profile).join(', ') || 'none'}`,
    });
  }
  const config = configs.find((c) => c.profile === wanted) ?? {};
  const oauth = oauthModeOf(credential, config);
  if (oauth) {
    throw new AuthError(`UCloud CLI profile "${wanted}" signs in with ${oauth} (auth_mode), but syncstat needs an API key pair`, {
      code: 'CONFIG',
      suggestion: 'Set UCLOUD_PUBLIC_KEY and UCLOUD_PRIVATE_KEY (console: API keys), or pick a key-pair profile with UCLOUD_PROFILE',
    });
  }
  return {
    path: join(dir, 'credential.json'),
    configPath: join(dir, 'config.json'),
    profile: wanted,
    values: { publicKey: credential.public_key, privateKey: credential.private_key, projectId: config.project_id, region: config.region, endpoint: config.base_url },
  };
}

function readJsonArray<T>(path: string): T[] | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new AuthError(`cannot read ${path}: ${fsReason(err)}`, { code: 'CONFIG' });
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (Array.isArray(parsed)) return parsed as T[];
  } catch {
    /* reported below */
  }
  throw new AuthError(`${path} is not the UCloud CLI's JSON array of profiles`, { code: 'CONFIG', suggestion: 'Fix it with `ucloud config`, or set UCLOUD_PUBLIC_KEY / UCLOUD_PRIVATE_KEY' });
}
