import type { SimContext } from '../../../sim/types.js';

export type HuaweiSimCredentials = {
  ak: string;
  sk: string;
  projectId: string;
  region: string;
  domain: string;
  user: string;
  password: string;
  /** Token that is always rejected as expired (APIGW.0307), for tests. */
  expiredToken: string;
};

/** Demo credentials: printed by `syncstat sim`, used by `syncstat demo`. They open nothing real. */
export const DEMO_CREDENTIALS: HuaweiSimCredentials = {
  ak: 'HWDEMOAK0000SYNCSTAT',
  sk: 'hw-demo-secret-key-4c6e8a0b2d4f6a8c',
  projectId: '0123456789abcdef0123456789abcdef',
  region: 'cn-north-4',
  domain: 'demo-domain',
  user: 'demo-user',
  password: 'demo-password-9e7c5a3b',
  expiredToken: 'expired-demo-token',
};

/** The credentials the simulator accepts: the demo ones, or the scenario's where it has them. */
export function credentialsOf(ctx: SimContext): HuaweiSimCredentials {
  return { ...DEMO_CREDENTIALS, ...ctx.scenario.credentials?.huawei };
}
