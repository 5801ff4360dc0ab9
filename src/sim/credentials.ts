import type { SimCredentials } from './types.js';

/** Demo credentials: printed by `syncstat sim`, used by `syncstat demo`. They open nothing real. */
export const DEMO_CREDENTIALS: SimCredentials = {
  ninedata: { accessKeyId: 'nd-demo-access-key', accessKeySecret: 'nd-demo-secret-7f3a9c2e' },
  ucloud: { publicKey: 'ucloud-demo@example.com-public-key', privateKey: 'ucloud-demo-private-key-5b8d1e4f', projectId: 'org-demo01' },
  huawei: {
    ak: 'HWDEMOAK0000SYNCSTAT',
    sk: 'hw-demo-secret-key-4c6e8a0b2d4f6a8c',
    projectId: '0123456789abcdef0123456789abcdef',
    region: 'cn-north-4',
    domain: 'demo-domain',
    user: 'demo-user',
    password: 'demo-password-9e7c5a3b',
    expiredToken: 'expired-demo-token',
  },
};

export function simCredentials(overrides: Partial<SimCredentials> | undefined): SimCredentials {
  return {
    ninedata: { ...DEMO_CREDENTIALS.ninedata, ...overrides?.ninedata },
    ucloud: { ...DEMO_CREDENTIALS.ucloud, ...overrides?.ucloud },
    huawei: { ...DEMO_CREDENTIALS.huawei, ...overrides?.huawei },
  };
}
