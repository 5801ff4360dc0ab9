import type { SimCredentials } from '../types.js';
import type { DemoSection } from './types.js';

export const UCLOUD_DEMO: DemoSection = {
  env: (url: string, c: SimCredentials) => ({
    UCLOUD_API_BASE_URL: url,
    UCLOUD_PUBLIC_KEY: c.ucloud.publicKey,
    UCLOUD_PRIVATE_KEY: c.ucloud.privateKey,
  }),
  steps: [
    {
      title: 'UCloud UDTS tasks, one in every phase (a RetryPending task warns on stderr)',
      argv: ['udts', 'udts-created1', 'udts-dumping1', 'udts-loading1', 'udts-ixdp441', 'udts-synced01', 'udts-done0001', 'udts-stopped1', 'udts-retry001', 'udts-failed01'],
    },
  ],
};
