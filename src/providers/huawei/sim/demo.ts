import { DRS_JOBS, STARROCKS_BIG, STARROCKS_SMALL } from './scenario.js';
import type { HuaweiSimCredentials } from './credentials.js';

export const HUAWEI_DEMO = {
  // AK/SK signing; the IAM endpoint is there for password mode (HUAWEICLOUD_SDK_USERNAME/PASSWORD/DOMAIN_NAME).
  env: (url: string, c: HuaweiSimCredentials) => ({
    HUAWEICLOUD_SDK_AK: c.ak,
    HUAWEICLOUD_SDK_SK: c.sk,
    HUAWEICLOUD_SDK_PROJECT_ID: c.projectId,
    HUAWEICLOUD_SDK_REGION: c.region,
    HUAWEICLOUD_GAUSSDB_ENDPOINT: url,
    HUAWEICLOUD_DRS_ENDPOINT: url,
    HUAWEICLOUD_SDK_IAM_ENDPOINT: url,
  }),
  fleet: [
    { service: 'drs', id: DRS_JOBS.syncing, name: 'crm', labels: { env: 'prod', wave: '3' } },
    { service: 'drs', id: DRS_JOBS.running, name: 'billing', labels: { env: 'prod' } },
    { service: 'starrocks', instance: STARROCKS_SMALL, name: 'analytics', tasks: ['orders_sync', 'events_full'], labels: { env: 'prod' } },
  ],
  steps: [
    { title: 'Huawei TaurusDB StarRocks sync tasks, one in every stage (exit 1: one is abnormal)', argv: ['starrocks', STARROCKS_SMALL] },
    { title: 'A window of an instance with 120 tasks, across a page boundary (pages hold 50)', argv: ['starrocks', STARROCKS_BIG, '--offset', '48', '--limit', '5'] },
    { title: 'Huawei DRS jobs in every phase, in one batch request', argv: ['batch', ...Object.values(DRS_JOBS)] },
    { title: 'An unknown DRS job: the service error for that id (exit 4)', argv: ['batch', DRS_JOBS.syncing, '00000000-0000-4000-8000-00000000jb00'] },
  ],
} satisfies { env(url: string, c: HuaweiSimCredentials): Record<string, string>; steps: ReadonlyArray<{ title: string; argv: string[] }>; fleet: ReadonlyArray<Record<string, unknown>> };
