import { DEMO_CREDENTIALS } from './credentials.js';

/** Environment that points every provider at the simulator with the demo credentials. */
export function demoEnv(url: string): Record<string, string> {
  const c = DEMO_CREDENTIALS;
  return {
    NINEDATA_ENDPOINT: url,
    NINEDATA_ACCESS_KEY_ID: c.ninedata.accessKeyId,
    NINEDATA_ACCESS_KEY_SECRET: c.ninedata.accessKeySecret,
  };
}

/** What `syncstat demo` runs, in order, with a line saying what each shows. */
export const DEMO_STEPS: ReadonlyArray<{ title: string; argv: string[] }> = [
  {
    title: 'NineData replication tasks, one in every phase',
    argv: ['status', 'rp-div0t0awwobr', 'rp-pend0ing0001', 'rp-fullload0001', 'rp-done00000001', 'rp-suspended001', 'rp-failed000001', 'rp-abnormal0001'],
  },
  { title: 'One task with its subtasks', argv: ['status', 'rp-div0t0awwobr', '--wide'] },
  { title: 'A precheck that failed (exit 1: a CI gate would stop here)', argv: ['precheck', 'rp-div0qqpbffio'] },
  { title: 'A precheck with a warning (passes unless --fail-on warning)', argv: ['precheck', 'rp-precheckwarn'] },
  { title: 'An unknown id: the service error, with its request id (exit 4)', argv: ['status', 'rp-doesnotexist'] },
];
