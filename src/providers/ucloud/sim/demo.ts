import { DEMO_CREDENTIALS } from '../../../sim/credentials.js';
import type { SimCredentials } from '../../../sim/types.js';
import type { DemoSection } from '../../../sim/demo-types.js';

export const UCLOUD_DEMO: DemoSection = {
  env: (url: string, c: SimCredentials) => ({
    UCLOUD_API_BASE_URL: url,
    UCLOUD_PUBLIC_KEY: c.ucloud.publicKey,
    UCLOUD_PRIVATE_KEY: c.ucloud.privateKey,
  }),
  steps: [
    {
      title: 'UCloud UDTS tasks, one in every phase (exit 1: one failed; a RetryPending task warns)',
      argv: ['udts', 'udts-created1', 'udts-dumping1', 'udts-loading1', 'udts-ixdp441', 'udts-synced01', 'udts-done0001', 'udts-stopped1', 'udts-retry001', 'udts-failed01'],
    },
    { title: 'A full migration task, with the project and task type sent', argv: ['udts', 'udts-loading1', '--project-id', DEMO_CREDENTIALS.ucloud.projectId, '--type', 'transfer'] },
    { title: 'An unknown UDTS task: the service Message and X-UCLOUD-REQUEST-UUID (exit 4)', argv: ['udts', 'udts-nosuch01'] },
  ],
};
