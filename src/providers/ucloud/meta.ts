import type { Provider } from '../../core/provider.js';
import type { ProviderSim } from '../../sim/types.js';
import { UCLOUD_SETTINGS } from './settings-table.js';

/** UCloud UDTS. Data only; the code loads when a command runs. */
export const UCLOUD: Provider<ProviderSim> = {
  name: 'ucloud',
  title: 'UCloud',
  services: ['UCloud UDTS'],
  vendorFiles: '~/.ucloud/credential.json and config.json',
  settings: UCLOUD_SETTINGS,
  // Requests carry the public key and a signature as parameters.
  wireSecrets: { fields: ['publickey', 'signature'] },
  loadSettings: async () => {
    const { traceUCloudSettings } = await import('./client.js');
    return { trace: traceUCloudSettings };
  },
  simHelp: { credentials: 'publicKey, privateKey, projectId', tasks: 'UCloud Status and its progress fields' },
  loadSim: async () => (await import('./sim/index.js')).SIM,
  loadDoctor: async () => (await import('./doctor.js')).UCLOUD_DOCTOR,
  commands: [
    {
      name: 'udts',
      description: 'UCloud UDTS task status: phase, progress, lag and binlog position',
      argument: ['[taskId...]', 'UDTS task ids (udts-...); "-" reads more from stdin'],
      idNoun: 'UDTS task id',
      options: [
        { flags: '--project-id <id>', description: 'project id; sub-accounts must send it (env UCLOUD_PROJECT_ID)' },
        { flags: '--type <type>', description: 'task type', choices: ['transfer', 'integration'] },
        { flags: '--region <region>', description: 'region, sent only when set (env UCLOUD_REGION)' },
      ],
      waits: 'until',
      help: {
        before: `
Credentials: UCLOUD_PUBLIC_KEY and UCLOUD_PRIVATE_KEY (or profiles.<name>.ucloud.publicKey/privateKey),
else the UCloud CLI's profile in ~/.ucloud (UCLOUD_PROFILE, or the active one);
endpoint UCLOUD_API_BASE_URL (default https://api.ucloud.cn).`,
        examples: [
          'syncstat udts udts-ixdp441',
          'syncstat udts udts-ixdp441 --project-id org-hiny12 --type transfer',
          "syncstat udts udts-ixdp441 --json | jq '.results[0].details.binlog'",
          'syncstat udts udts-ixdp441 --until succeeded --timeout 2h --interval 1m',
        ],
      },
      load: async () => ({ query: (await import('./index.js')).UDTS_QUERY }),
      fleet: { service: 'udts' },
    },
  ],
};
