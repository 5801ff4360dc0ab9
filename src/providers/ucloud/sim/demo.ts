import { DEMO_CREDENTIALS } from './credentials.js';
import type { UCloudSimCredentials } from './credentials.js';

export const UCLOUD_DEMO = {
  env: (url: string, c: UCloudSimCredentials) => ({
    UCLOUD_API_BASE_URL: url,
    UCLOUD_PUBLIC_KEY: c.publicKey,
    UCLOUD_PRIVATE_KEY: c.privateKey,
  }),
  fleet: [
    { service: 'udts', id: 'udts-ixdp441', name: 'payments', labels: { env: 'prod', wave: '3' } },
    { service: 'udts', id: 'udts-failed01', name: 'archive', labels: { env: 'staging' } },
  ],
  steps: [
    {
      title: 'UCloud UDTS tasks, one in every phase (exit 1: one failed; a RetryPending task warns)',
      argv: ['udts', 'udts-created1', 'udts-dumping1', 'udts-loading1', 'udts-ixdp441', 'udts-synced01', 'udts-done0001', 'udts-stopped1', 'udts-retry001', 'udts-failed01'],
    },
    { title: 'A full migration task, with the project and task type sent', argv: ['udts', 'udts-loading1', '--project-id', DEMO_CREDENTIALS.projectId, '--type', 'transfer'] },
    { title: 'An unknown UDTS task: the service Message and X-UCLOUD-REQUEST-UUID (exit 4)', argv: ['udts', 'udts-nosuch01'] },
  ],
} satisfies { env(url: string, c: UCloudSimCredentials): Record<string, string>; steps: ReadonlyArray<{ title: string; argv: string[] }>; fleet: ReadonlyArray<Record<string, unknown>> };
