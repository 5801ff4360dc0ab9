import { defaultScenario, loadSims, simCredentials, simEnv } from '../src/sim/registry.js';
import type { Scenario, SimCredentials } from '../src/sim/types.js';

// The providers' simulators, loaded once for the tests (the CLI loads them only for `sim` and `demo`).
export const SIMS = await loadSims();

/** The scenario `syncstat sim` plays when given none. */
export const DEFAULT_SCENARIO: Scenario = defaultScenario(SIMS);

/** Every provider's demo credentials, by provider name. */
export const DEMO_CREDENTIALS: SimCredentials = simCredentials(SIMS);

/** The environment that points every provider at its simulated service. */
export function demoEnv(urls: Readonly<Record<string, string>>, credentials?: Partial<SimCredentials>): Record<string, string> {
  return simEnv(SIMS, urls, simCredentials(SIMS, credentials));
}
