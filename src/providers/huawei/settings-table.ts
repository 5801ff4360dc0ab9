import type { SettingsTable } from '../../core/config.js';

/**
 * Where each Huawei Cloud setting comes from: flag > env > profiles.<profile>.huawei.<key> > default.
 * Env names are the official SDKs' (HUAWEICLOUD_SDK_*) with Terraform's (HW_*) as fallbacks.
 */
export const HUAWEI_SETTINGS = {
  auth: { key: 'auth', env: ['SYNCSTAT_HUAWEI_AUTH'], flag: 'auth' },
  region: { key: 'region', env: ['HUAWEICLOUD_SDK_REGION', 'HW_REGION_NAME'], flag: 'region' },
  projectId: { key: 'projectId', env: ['HUAWEICLOUD_SDK_PROJECT_ID'], flag: 'projectId' },
  ak: { key: 'ak', env: ['HUAWEICLOUD_SDK_AK', 'HW_ACCESS_KEY'] },
  sk: { key: 'sk', env: ['HUAWEICLOUD_SDK_SK', 'HW_SECRET_KEY'], secret: true },
  securityToken: { key: 'securityToken', env: ['HUAWEICLOUD_SDK_SECURITY_TOKEN'], secret: true },
  token: { key: 'token', env: ['HUAWEICLOUD_TOKEN'], secret: true },
  user: { key: 'user', env: ['HUAWEICLOUD_SDK_USERNAME'] },
  password: { key: 'password', env: ['HUAWEICLOUD_SDK_PASSWORD'], secret: true },
  domain: { key: 'domain', env: ['HUAWEICLOUD_SDK_DOMAIN_NAME'] },
  iamEndpoint: { key: 'iamEndpoint', env: ['HUAWEICLOUD_SDK_IAM_ENDPOINT'] },
  drsEndpoint: { key: 'drsEndpoint', env: ['HUAWEICLOUD_DRS_ENDPOINT'], flag: 'endpoint' },
  gaussdbEndpoint: { key: 'gaussdbEndpoint', env: ['HUAWEICLOUD_GAUSSDB_ENDPOINT'], flag: 'endpoint' },
} as const satisfies SettingsTable;
