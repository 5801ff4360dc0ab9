import type { SimContext } from '../../../sim/types.js';

export type NineDataSimCredentials = { accessKeyId: string; accessKeySecret: string };

/** Demo credentials: printed by `syncstat sim`, used by `syncstat demo`. They open nothing real. */
export const DEMO_CREDENTIALS: NineDataSimCredentials = { accessKeyId: 'nd-demo-access-key', accessKeySecret: 'nd-demo-secret-7f3a9c2e' };

/** The credentials the simulator accepts: the demo ones, or the scenario's where it has them. */
export function credentialsOf(ctx: SimContext): NineDataSimCredentials {
  return { ...DEMO_CREDENTIALS, ...ctx.scenario.credentials?.ninedata };
}
