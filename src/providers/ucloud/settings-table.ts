import type { SettingsTable } from '../../core/config.js';

export const UCLOUD_SETTINGS = {
  endpoint: { key: 'endpoint', env: ['UCLOUD_API_BASE_URL'], flag: 'endpoint', default: 'https://api.ucloud.cn' },
  publicKey: { key: 'publicKey', env: ['UCLOUD_PUBLIC_KEY'] },
  privateKey: { key: 'privateKey', env: ['UCLOUD_PRIVATE_KEY'], secret: true },
  projectId: { key: 'projectId', env: ['UCLOUD_PROJECT_ID'], flag: 'projectId' },
  region: { key: 'region', env: ['UCLOUD_REGION'], flag: 'region' },
} as const satisfies SettingsTable;
