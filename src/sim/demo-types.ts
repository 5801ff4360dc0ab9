import type { SimCredentials } from './types.js';

/** One provider's part of `syncstat demo`: the env that points it at the simulator, and the commands to run. */
export interface DemoSection {
  env(url: string, credentials: SimCredentials): Record<string, string>;
  steps: ReadonlyArray<{ title: string; argv: string[] }>;
}
