import { mapOf, obj, task } from '../../../sim/scenario-check.js';
import type { ProviderSim } from '../../../sim/types.js';
import { DEMO_CREDENTIALS, type UCloudSimCredentials } from './credentials.js';
import { UCLOUD_DEMO } from './demo.js';
import { UCLOUD_SCENARIO } from './scenario.js';
import { ucloudService } from './service.js';

declare module '../../../sim/types.js' {
  interface Scenario {
    ucloud?: { tasks?: Record<string, SimTask> };
  }
  interface SimCredentials {
    ucloud: UCloudSimCredentials;
  }
}

export const SIM: ProviderSim = {
  service: ucloudService,
  scenario: UCLOUD_SCENARIO,
  credentials: DEMO_CREDENTIALS,
  checkSection: obj({ tasks: mapOf(task()) }),
  env: (url, c) => UCLOUD_DEMO.env(url, c as UCloudSimCredentials),
  demoSteps: UCLOUD_DEMO.steps,
  fleet: UCLOUD_DEMO.fleet,
};
