import { PROVIDER_LIST } from '../providers/index.js';
import type { ProviderSim, Scenario, SimCredentials } from './types.js';

/** Every provider's simulator, from the registry (src/providers/index.ts), in its order. */
export interface Sims {
  providers: ReadonlyArray<{ name: string; sim: ProviderSim }>;
}

let loaded: Promise<Sims> | undefined;

/** Loads the providers' simulators (once): only `sim`, `demo` and tests need them. */
export function loadSims(): Promise<Sims> {
  loaded ??= Promise.all(PROVIDER_LIST.map(async (p) => ({ name: p.name, sim: await p.loadSim() }))).then((providers) => ({ providers }));
  return loaded;
}

/** The default scenario: every provider's section (tasks in every phase), no faults. */
export function defaultScenario(sims: Sims): Scenario {
  return { ...Object.fromEntries(sims.providers.map((p) => [p.name, p.sim.scenario])), faults: [] } as Scenario;
}

/** The demo credentials, with a scenario's instead where it has them. */
export function simCredentials(sims: Sims, overrides?: Partial<SimCredentials>): SimCredentials {
  const given = (overrides ?? {}) as Record<string, Record<string, string> | undefined>;
  return Object.fromEntries(sims.providers.map((p) => [p.name, { ...p.sim.credentials, ...given[p.name] }])) as unknown as SimCredentials;
}

/** The environment that points every provider at its simulated service (`urls` by provider name). */
export function simEnv(sims: Sims, urls: Readonly<Record<string, string>>, credentials: SimCredentials = simCredentials(sims)): Record<string, string> {
  const byName = credentials as unknown as Record<string, Record<string, string>>;
  return Object.assign({}, ...sims.providers.map((p) => p.sim.env(urls[p.name], byName[p.name])));
}

/** What `syncstat demo` runs, in order, with a line saying what each shows. */
export function demoSteps(sims: Sims): ReadonlyArray<{ title: string; argv: string[] }> {
  return sims.providers.flatMap((p) => p.sim.demoSteps);
}

/** The demo's task list for `syncstat fleet`: every provider's entries, in registry order. */
export function fleetTasks(sims: Sims): Array<Record<string, unknown>> {
  return sims.providers.flatMap((p) => p.sim.fleet ?? []);
}
