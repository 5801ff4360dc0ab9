import { DEMO_CREDENTIALS } from './credentials.js';
import { NINEDATA_DEMO } from '../providers/ninedata/sim/demo.js';
import { UCLOUD_DEMO } from '../providers/ucloud/sim/demo.js';
import { HUAWEI_DEMO } from '../providers/huawei/sim/demo.js';
import type { SimCredentials } from './types.js';

const SECTIONS = [NINEDATA_DEMO, UCLOUD_DEMO, HUAWEI_DEMO];

/** Environment that points every provider at the simulator with the demo credentials (or the scenario's). */
export function demoEnv(url: string, credentials: SimCredentials = DEMO_CREDENTIALS): Record<string, string> {
  return Object.assign({}, ...SECTIONS.map((s) => s.env(url, credentials)));
}

/** `export NAME='value'` lines for a POSIX shell: single quotes, so no value is ever expanded. */
export function exportLines(env: Record<string, string>): string {
  return Object.entries(env)
    .map(([name, value]) => `export ${name}='${value.replaceAll("'", `'\\''`)}'\n`)
    .join('');
}

/** What `syncstat demo` runs, in order, with a line saying what each shows. */
export const DEMO_STEPS = SECTIONS.flatMap((s) => s.steps);
