import { listOf, mapOf, num, obj, task } from '../../../sim/scenario-check.js';
import type { ProviderSim } from '../../../sim/types.js';
import { DEMO_CREDENTIALS, type HuaweiSimCredentials } from './credentials.js';
import { HUAWEI_DEMO } from './demo.js';
import { HUAWEI_SCENARIO } from './scenario.js';
import { huaweiService } from './service.js';

declare module '../../../sim/types.js' {
  interface Scenario {
    huawei?: {
      /** StarRocks instances: instance id -> sync tasks (or a generator: `{ "generate": 120 }`). */
      instances?: Record<string, { tasks?: SimTask[]; generate?: number }>;
      /** DRS jobs by id. */
      jobs?: Record<string, SimTask>;
    };
  }
  interface SimCredentials {
    huawei: HuaweiSimCredentials;
  }
}

export const SIM: ProviderSim = {
  service: huaweiService,
  scenario: HUAWEI_SCENARIO,
  credentials: DEMO_CREDENTIALS,
  checkSection: obj({
    instances: mapOf(obj({ tasks: listOf(task()), generate: num({ min: 0, integer: true }) })),
    jobs: mapOf(task()),
  }),
  env: (url, c) => HUAWEI_DEMO.env(url, c as HuaweiSimCredentials),
  demoSteps: HUAWEI_DEMO.steps,
  fleet: HUAWEI_DEMO.fleet,
};
