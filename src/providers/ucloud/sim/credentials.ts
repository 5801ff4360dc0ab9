import type { SimContext } from '../../../sim/types.js';

export type UCloudSimCredentials = { publicKey: string; privateKey: string; projectId: string };

/** Demo credentials: printed by `syncstat sim`, used by `syncstat demo`. They open nothing real. */
export const DEMO_CREDENTIALS: UCloudSimCredentials = { publicKey: 'ucloud-demo@example.com-public-key', privateKey: 'ucloud-demo-private-key-5b8d1e4f', projectId: 'org-demo01' };

/** The credentials the simulator accepts: the demo ones, or the scenario's where it has them. */
export function credentialsOf(ctx: SimContext): UCloudSimCredentials {
  return { ...DEMO_CREDENTIALS, ...ctx.scenario.credentials?.ucloud };
}
