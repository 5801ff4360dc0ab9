import type { SettingsTable } from '../../core/config.js';

export const NINEDATA_SETTINGS = {
  endpoint: { key: 'endpoint', env: ['NINEDATA_ENDPOINT'], flag: 'endpoint', default: 'https://console.ninedata.cloud' },
  accessKeyId: { key: 'accessKeyId', env: ['NINEDATA_ACCESS_KEY_ID'] },
  accessKeySecret: { key: 'accessKeySecret', env: ['NINEDATA_ACCESS_KEY_SECRET'], secret: true },
} as const satisfies SettingsTable;
