import type { SettingsTable, TracedSetting } from './config.js';
import type { Session } from './session.js';

/** One setting of one service as `syncstat config` shows it: never a secret's value. */
export interface SettingRow {
  provider: 'ninedata' | 'ucloud' | 'huawei';
  setting: string;
  /** Null when not set, and always for a secret. */
  value: string | null;
  set: boolean;
  secret: boolean;
  source: string;
}

export interface SettingsReport {
  schemaVersion: 1;
  profile: string;
  configFile: string | null;
  settings: SettingRow[];
}

function rowsOf(provider: SettingRow['provider'], table: SettingsTable, traced: Record<string, TracedSetting>): SettingRow[] {
  return Object.entries(table).map(([setting, spec]) => {
    const { value, source } = traced[setting];
    const secret = Boolean(spec.secret);
    return { provider, setting, value: secret || value === undefined ? null : value, set: value !== undefined, secret, source };
  });
}

/** Every service's settings, resolved exactly as its commands resolve them. */
export async function collectSettings(s: Session): Promise<SettingsReport> {
  const [ninedata, ucloud, huawei] = await Promise.all([
    import('../providers/ninedata/client.js'),
    import('../providers/ucloud/client.js'),
    import('../providers/huawei/settings.js'),
  ]);
  return {
    schemaVersion: 1,
    profile: s.profile,
    configFile: s.config.filepath,
    settings: [
      ...rowsOf('ninedata', ninedata.NINEDATA_SETTINGS, ninedata.traceNineDataSettings(s)),
      ...rowsOf('ucloud', ucloud.UCLOUD_SETTINGS, ucloud.traceUCloudSettings(s)),
      ...rowsOf('huawei', huawei.HUAWEI_SETTINGS, huawei.traceHuaweiSettings(s)),
    ],
  };
}
