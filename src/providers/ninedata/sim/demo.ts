import type { NineDataSimCredentials } from './credentials.js';

export const NINEDATA_DEMO = {
  env: (url: string, c: NineDataSimCredentials) => ({
    NINEDATA_ENDPOINT: url,
    NINEDATA_ACCESS_KEY_ID: c.accessKeyId,
    NINEDATA_ACCESS_KEY_SECRET: c.accessKeySecret,
  }),
  fleet: [
    { service: 'ninedata', id: 'rp-div0t0awwobr', name: 'orders', labels: { env: 'prod', wave: '3' } },
    { service: 'ninedata', id: 'rp-fullload0001', name: 'inventory', labels: { env: 'prod', wave: '3' } },
    { service: 'ninedata', id: 'rp-suspended001', name: 'reports', labels: { env: 'staging' } },
  ],
  steps: [
    {
      title: 'NineData replication tasks, one in every phase',
      argv: ['status', 'rp-div0t0awwobr', 'rp-pend0ing0001', 'rp-fullload0001', 'rp-done00000001', 'rp-suspended001', 'rp-failed000001', 'rp-abnormal0001'],
    },
    { title: 'One task with its subtasks', argv: ['status', 'rp-div0t0awwobr', '--wide'] },
    { title: 'A precheck that failed (exit 1: a CI gate would stop here)', argv: ['precheck', 'rp-div0qqpbffio'] },
    { title: 'A precheck with a warning (passes unless --fail-on warning)', argv: ['precheck', 'rp-precheckwarn'] },
    { title: 'An unknown id: the service error, with its request id (exit 4)', argv: ['status', 'rp-doesnotexist'] },
    {
      title: 'A cutover gate: wait until incremental sync with lag under 2 s (polls every second)',
      argv: ['status', 'rp-cutover00001', '--until', 'syncing', '--max-lag', '2s', '--interval', '1s', '--timeout', '30s'],
    },
  ],
} satisfies { env(url: string, c: NineDataSimCredentials): Record<string, string>; steps: ReadonlyArray<{ title: string; argv: string[] }>; fleet: ReadonlyArray<Record<string, unknown>> };
