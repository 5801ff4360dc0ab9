import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuthError } from '../../core/errors.js';
import { parseIni } from '../../core/ini.js';
import type { SettingName } from './settings.js';
import { fsReason } from '../../core/fs-error.js';

/** The official SDKs' credentials file: INI, section [basic] for regional services (TaurusDB, DRS). */
const SECTION = 'basic';
const KEYS: Readonly<Record<string, SettingName>> = {
  ak: 'ak',
  sk: 'sk',
  security_token: 'securityToken',
  project_id: 'projectId',
  iam_endpoint: 'iamEndpoint',
};

export function sdkCredentialsPath(env: Record<string, string | undefined>, home: string): string {
  return env.HUAWEICLOUD_SDK_CREDENTIALS_FILE || join(home, '.huaweicloud', 'credentials');
}

/**
 * Reads `~/.huaweicloud/credentials` (or HUAWEICLOUD_SDK_CREDENTIALS_FILE), as the official SDKs do.
 * Undefined when there is no such file; a file named by the variable must exist.
 */
export function readSdkCredentialsFile(env: Record<string, string | undefined>, home: string): { path: string; values: Partial<Record<SettingName, string>> } | undefined {
  const path = sdkCredentialsPath(env, home);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && !env.HUAWEICLOUD_SDK_CREDENTIALS_FILE) return undefined;
    throw new AuthError(`cannot read the Huawei Cloud credentials file ${path}: ${fsReason(err)}`, {
      code: 'CONFIG',
      suggestion: 'Fix HUAWEICLOUD_SDK_CREDENTIALS_FILE or the file',
    });
  }
  const section = parseIni(text)[SECTION] ?? {};
  const values: Partial<Record<SettingName, string>> = {};
  for (const [key, name] of Object.entries(KEYS)) if (section[key]) values[name] = section[key];
  return { path, values };
}
