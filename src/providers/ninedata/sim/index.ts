import { anyObject, listOf, mapOf, nonEmpty, num, obj, task } from '../../../sim/scenario-check.js';
import type { ProviderSim } from '../../../sim/types.js';
import { DEMO_CREDENTIALS, type NineDataSimCredentials } from './credentials.js';
import { NINEDATA_DEMO } from './demo.js';
import { NINEDATA_SCENARIO } from './scenario.js';
import { nineDataService } from './service.js';

declare module '../../../sim/types.js' {
  interface Scenario {
    ninedata?: { replications?: Record<string, SimTask>; prechecks?: Record<string, SimTask> };
  }
  interface SimCredentials {
    ninedata: NineDataSimCredentials;
  }
}

/** The task fields the service reads (service.ts): a typo in a scenario would play "running". */
const REPLICATION = task({
  status: nonEmpty,
  stage: nonEmpty,
  percent: num({ min: 0, max: 100, ramp: true, nullable: true }),
  delay: num({ min: 0, unit: 'milliseconds', ramp: true, nullable: true }),
  subtasks: listOf(nonEmpty, 1),
  subTaskList: listOf(anyObject('a subtask')),
});

const PRECHECK = task({ precheckStatus: nonEmpty, items: listOf(anyObject('a check item')) });

export const SIM: ProviderSim = {
  service: nineDataService,
  scenario: NINEDATA_SCENARIO,
  credentials: DEMO_CREDENTIALS,
  checkSection: obj({ replications: mapOf(REPLICATION), prechecks: mapOf(PRECHECK) }),
  env: (url, c) => NINEDATA_DEMO.env(url, c as NineDataSimCredentials),
  demoSteps: NINEDATA_DEMO.steps,
  fleet: NINEDATA_DEMO.fleet,
};
