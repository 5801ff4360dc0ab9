import type { Provider } from '../../core/provider.js';
import type { ProviderSim } from '../../sim/types.js';
import { NINEDATA_SETTINGS } from './settings-table.js';
import { INCREMENTAL_SUBTASK } from './states.js';

/** How NineData commands find their credentials (status, precheck). */
const CREDENTIALS_HELP = `
Credentials: NINEDATA_ACCESS_KEY_ID and NINEDATA_ACCESS_KEY_SECRET (or profiles.<name>.ninedata.accessKeyId/
accessKeySecret in .statusrc); endpoint NINEDATA_ENDPOINT (default https://console.ninedata.cloud).`;

const PRECHECK_WAIT_HELP = `
A precheck still running (task status preChecking) has no verdict yet: the endpoint still holds the
previous run's. Without --wait it is reported as PRECHECK_RUNNING (exit 6); with --wait the tool
polls the task status every --interval (default 10s) until the precheck ends, then reports it.
--timeout bounds the whole wait (default 30m; exit 6 when it runs out: the prechecks that finished are
still read, one attempt each); --request-timeout bounds each HTTP attempt (default 10s). Ctrl-C exits
130 and SIGTERM 143, and the report is still written.`;

/** NineData: replication status and precheck. Data only; the code loads when a command runs. */
export const NINEDATA: Provider<ProviderSim> = {
  name: 'ninedata',
  title: 'NineData',
  services: ['NineData'],
  examples: [
    'syncstat status rp-div0t0awwobr                 # NineData replication status',
    'syncstat precheck rp-div0qqpbffio --fail-on warning',
    "syncstat status rp-div0t0awwobr --json | jq -r '.results[].phase'",
  ],
  settings: NINEDATA_SETTINGS,
  wireSecrets: { headers: ['access-key-id', 'signature'] },
  loadSettings: async () => {
    const { traceNineDataSettings } = await import('./client.js');
    return { trace: traceNineDataSettings };
  },
  simHelp: {
    credentials: 'accessKeyId, accessKeySecret',
    tasks: 'NineData replications status, stage, percent, delay (ms), subtasks; NineData prechecks precheckStatus, items',
    example: `  { "ninedata": { "replications": { "rp-mytask000001": { "timeline": [
      { "for": 5, "status": "running", "stage": "full",
        "percent": { "from": 0, "to": 100 } },
      { "status": "running", "stage": "inc_writer", "delay": 800 }
    ] } } },
    "faults": [ { "type": "latency", "ms": 300 },
                { "type": "status", "status": 503, "times": 2 } ] }`,
  },
  loadSim: async () => (await import('./sim/index.js')).SIM,
  loadDoctor: async () => (await import('./doctor.js')).NINEDATA_DOCTOR,
  commands: [
    {
      name: 'status',
      description: 'NineData replication task status: phase, current stage, progress and lag',
      argument: ['[replicationId...]', 'replication task ids (rp-...); "-" reads more from stdin'],
      idNoun: 'replication id',
      options: [{ flags: '--wide', description: 'short for -o wide: one line per subtask (schema, full, incremental, trigger), every cell in full' }],
      waits: 'until',
      continuousSubtasks: [INCREMENTAL_SUBTASK],
      help: {
        before: CREDENTIALS_HELP,
        examples: [
          'syncstat status rp-div0t0awwobr',
          'syncstat status rp-div0t0awwobr rp-div0qqpbffio --wide',
          "syncstat status rp-div0t0awwobr --json | jq '.results[0].lagMs'",
          'syncstat status rp-div0t0awwobr --until syncing --max-lag 5s --timeout 20m   # cutover gate',
          'syncstat status rp-div0t0awwobr rp-div0qqpbffio --watch',
          'NINEDATA_ENDPOINT=http://127.0.0.1:8787 syncstat status rp-div0t0awwobr',
        ],
      },
      load: async () => ({ query: (await import('./index.js')).STATUS_QUERY }),
      fleet: { service: 'ninedata' },
    },
    {
      name: 'precheck',
      description: 'NineData replication precheck verdict and its check items (exit 1 when it failed)',
      argument: ['[replicationId...]', 'replication task ids (rp-...); "-" reads more from stdin'],
      idNoun: 'replication id',
      options: [
        { flags: '--fail-on <level>', description: 'exit 1 on this verdict or worse', choices: ['failure', 'warning'], default: 'failure' },
        { flags: '--wait', description: 'if a precheck is still running, wait for it to finish (--timeout is then the whole wait, default 30m)' },
        { flags: '--interval <duration>', description: 'with --wait: time between polls, with jitter (default 10s, at least 1s)' },
        { flags: '--heartbeat <duration>', description: 'with --wait, off a terminal: a "still waiting" line on stderr this often (default 60s)' },
      ],
      waits: 'wait',
      help: {
        before: CREDENTIALS_HELP,
        wait: PRECHECK_WAIT_HELP,
        examples: [
          'syncstat precheck rp-div0qqpbffio',
          'syncstat precheck rp-div0qqpbffio --fail-on warning   # gate CI on warnings too',
          'syncstat precheck rp-div0qqpbffio --wait --timeout 20m -o github   # GitHub Actions annotations',
          'syncstat precheck rp-div0qqpbffio --wait -o junit > precheck.xml  # CI test report',
          "syncstat precheck rp-div0qqpbffio --json | jq -r '.results[].details.items[] | select(.status != \"success\") | .message'",
        ],
      },
      load: async () => ({ action: (await import('./precheck-command.js')).PRECHECK_ACTION }),
    },
  ],
};
