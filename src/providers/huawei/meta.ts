import type { OptionSpec, Provider } from '../../core/provider.js';
import type { ProviderSim } from '../../sim/types.js';
import { HUAWEI_SETTINGS } from './settings-table.js';

/** The Huawei Cloud options both huawei commands take. */
const HUAWEI_OPTIONS: readonly OptionSpec[] = [
  { flags: '--region <region>', description: 'region, e.g. cn-north-4 (env HUAWEICLOUD_SDK_REGION, HW_REGION_NAME)', values: async () => (await import('./endpoints.js')).knownRegions() },
  { flags: '--project-id <id>', description: 'project id of the region (env HUAWEICLOUD_SDK_PROJECT_ID)' },
  { flags: '--auth <mode>', description: 'how to authenticate (env SYNCSTAT_HUAWEI_AUTH; default: the first of aksk, token, password whose credentials are set)', choices: ['aksk', 'token', 'password'] },
];

/** How the huawei commands find credentials and endpoints: shown in their --help. */
export const HUAWEI_AUTH_HELP = `Authentication (one mode per profile; flags > env > profiles.<profile>.huawei.* in .statusrc):
  aksk      HUAWEICLOUD_SDK_AK + HUAWEICLOUD_SDK_SK (or HW_ACCESS_KEY + HW_SECRET_KEY), HUAWEICLOUD_SDK_PROJECT_ID;
            HUAWEICLOUD_SDK_SECURITY_TOKEN with temporary credentials   (keys: ak, sk, securityToken, projectId)
  token     HUAWEICLOUD_TOKEN (an IAM token, sent as X-Auth-Token), HUAWEICLOUD_SDK_PROJECT_ID  (keys: token, projectId)
  password  HUAWEICLOUD_SDK_USERNAME, HUAWEICLOUD_SDK_PASSWORD, HUAWEICLOUD_SDK_DOMAIN_NAME   (keys: user, password, domain)
            exchanged at IAM (HUAWEICLOUD_SDK_IAM_ENDPOINT, key iamEndpoint) for a token cached in
            $XDG_CACHE_HOME/syncstat/huawei (mode 0600) until shortly before it expires
With none of these set: [basic] ak, sk, project_id in the official SDK's ~/.huaweicloud/credentials
(HUAWEICLOUD_SDK_CREDENTIALS_FILE).
Region: --region, HUAWEICLOUD_SDK_REGION or HW_REGION_NAME (key region). Endpoints follow the region;
override with --endpoint, HUAWEICLOUD_GAUSSDB_ENDPOINT / HUAWEICLOUD_DRS_ENDPOINT (keys gaussdbEndpoint, drsEndpoint).`;

/** Huawei Cloud: TaurusDB StarRocks sync and DRS. Data only; the code loads when a command runs. */
export const HUAWEI: Provider<ProviderSim> = {
  name: 'huawei',
  title: 'Huawei Cloud',
  services: ['Huawei Cloud TaurusDB StarRocks sync', 'Huawei Cloud DRS'],
  vendorFiles: '~/.huaweicloud/credentials',
  authModes: { title: 'Huawei Cloud', modes: ['aksk', 'token', 'password'] },
  settings: HUAWEI_SETTINGS,
  // IAM tokens in headers; temporary credentials' security_token in IAM bodies.
  wireSecrets: { headers: ['x-auth-token', 'x-subject-token', 'x-security-token'], fields: ['security_token'] },
  loadSettings: async () => {
    const { traceHuaweiSettings, describeAuthMode } = await import('./settings.js');
    return { trace: traceHuaweiSettings, authMode: (traced) => describeAuthMode(traced as ReturnType<typeof traceHuaweiSettings>) };
  },
  simHelp: {
    credentials: 'ak, sk, projectId, region, domain, user, password, expiredToken',
    tasks: 'Huawei DRS jobs status; StarRocks instances a list of tasks, or { "generate": 120 }',
  },
  loadSim: async () => (await import('./sim/index.js')).SIM,
  loadDoctor: async () => (await import('./doctor.js')).HUAWEI_DOCTOR,
  commands: [
    {
      name: 'starrocks',
      description: 'Huawei Cloud TaurusDB StarRocks sync tasks of an instance: phase, stage and progress of each',
      argument: ['[instanceId]', 'StarRocks instance id (36 letters/digits ending in in17); "-" reads it from stdin'],
      idNoun: 'instance id',
      options: [
        { flags: '--limit <n>', description: 'report at most n tasks (default: every task, read page by page)' },
        { flags: '--offset <n>', description: 'skip the first n tasks (default 0)' },
        ...HUAWEI_OPTIONS,
      ],
      waits: 'until',
      help: {
        examples: [
          'syncstat starrocks a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4in17 --region cn-north-4',
          'syncstat starrocks a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4in17 --limit 20 --offset 40',
          'syncstat starrocks a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4in17 --until syncing --any --timeout 10m',
          "syncstat starrocks a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4in17 --json | jq -r '.results[] | select(.phase != \"syncing\") | .id'",
        ],
        notes: HUAWEI_AUTH_HELP,
      },
      noLag: 'starrocks sync tasks',
      load: async () => ({ query: (await import('./index.js')).STARROCKS_QUERY }),
      fleet: { service: 'starrocks', key: 'instance', rowKey: 'instanceId', select: 'tasks' },
    },
    {
      name: 'batch',
      description: 'Huawei Cloud DRS job statuses in batches (100 ids per request), in the order given',
      argument: ['[jobId...]', 'DRS job ids; "-" reads more from stdin (whitespace or newline separated)'],
      idNoun: 'job id',
      options: [
        ...HUAWEI_OPTIONS,
      ],
      waits: 'until',
      help: {
        examples: [
          'syncstat batch 9a470239-2308-4bb5-a6bc-1040402fjb21 dc67695a-ee3e-49b8-a022-a099bd81jb21',
          'syncstat batch --file jobs.txt -o table',
          'syncstat batch --file jobs.txt --until syncing --timeout 2h --interval 1m   # wait for incremental sync',
          "cat jobs.txt | syncstat batch - --json | jq -r '.results[] | select(.phase == \"failed\") | .id'",
        ],
        notes: HUAWEI_AUTH_HELP,
      },
      noLag: 'drs jobs',
      load: async () => ({ query: (await import('./index.js')).BATCH_QUERY }),
      fleet: { service: 'drs' },
    },
  ],
};
