import { DEMO_CREDENTIALS } from './credentials.js';
import { NINEDATA_DEMO } from './demo-steps/ninedata.js';
import { UCLOUD_DEMO } from './demo-steps/ucloud.js';
import { HUAWEI_DEMO } from './demo-steps/huawei.js';

const SECTIONS = [NINEDATA_DEMO, UCLOUD_DEMO, HUAWEI_DEMO];

/** Environment that points every provider at the simulator with the demo credentials. */
export function demoEnv(url: string): Record<string, string> {
  return Object.assign({}, ...SECTIONS.map((s) => s.env(url, DEMO_CREDENTIALS)));
}

/** What `syncstat demo` runs, in order, with a line saying what each shows. */
export const DEMO_STEPS = SECTIONS.flatMap((s) => s.steps);
