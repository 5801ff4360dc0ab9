import { Option, type Command } from 'commander';
import { exitCodeHelp } from '../../core/exit-codes.js';
import type { CliIo } from '../io.js';
import { parseCount } from '../context.js';
import { addCommonOptions, helpFooter, type CommonOptions } from '../options.js';
import { addWaitOptions, WAIT_HELP, type WaitFlags } from '../wait-options.js';
import type { SetExit } from '../program.js';
import { runWithContext } from '../run.js';

interface StarrocksOptions extends CommonOptions, WaitFlags {
  limit?: string;
  offset?: string;
}

/** The Huawei Cloud options both huawei commands take. */
export function addHuaweiOptions(cmd: Command): Command {
  return cmd
    .option('--region <region>', 'region, e.g. cn-north-4 (env HUAWEICLOUD_SDK_REGION, HW_REGION_NAME)')
    .option('--project-id <id>', 'project id of the region (env HUAWEICLOUD_SDK_PROJECT_ID)')
    .addOption(new Option('--auth <mode>', 'how to authenticate (env SYNCSTAT_HUAWEI_AUTH; default: the first of aksk, token, password whose credentials are set)').choices(['aksk', 'token', 'password']));
}

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

export function registerStarrocks(program: Command, io: CliIo, setExit: SetExit): Command {
  const cmd = program
    .command('starrocks')
    .description('Huawei Cloud TaurusDB StarRocks sync tasks of an instance: phase, stage and progress of each')
    .argument('[instanceId]', 'StarRocks instance id (36 letters/digits ending in in17)')
    .option('--limit <n>', 'report at most n tasks (default: every task, read page by page)')
    .option('--offset <n>', 'skip the first n tasks (default 0)');
  addHuaweiOptions(cmd);
  addCommonOptions(cmd);
  addWaitOptions(cmd);
  cmd.addHelpText('after', WAIT_HELP + '\n' + helpFooter([
    'syncstat starrocks a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4in17 --region cn-north-4',
    'syncstat starrocks a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4in17 --limit 20 --offset 40',
    'syncstat starrocks a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4in17 --until syncing --any --timeout 10m',
    "syncstat starrocks a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4in17 --json | jq -r '.results[] | select(.phase != \"syncing\") | .id'",
  ], `${HUAWEI_AUTH_HELP}\n\n${exitCodeHelp({ waits: 'until' })}`));
  return cmd.action(async (instanceId: string | undefined, opts: StarrocksOptions) => {
    setExit(await runWithContext(opts, io, async (ctx) => {
      const window = {
        limit: opts.limit === undefined ? undefined : parseCount(opts.limit, '--limit', 0, 1, 1_000_000),
        offset: parseCount(opts.offset, '--offset', 0, 0, 1_000_000_000),
      };
      // The table renderer (cli-table3) loads only when a table is printed: JSON in a loop stays lean.
      const [{ queryStarRocks }, { runQuery }] = await Promise.all([
        import('../../providers/huawei/index.js'),
        import('../query.js'),
      ]);
      return runQuery(ctx, () => queryStarRocks(ctx.session, instanceId === undefined ? [] : [instanceId], window), opts, async (r, c, changed) => (await import('../../render/table.js')).renderTable(r, { paint: c.paint, layout: c.layout, changed }));
    }));
  });
}
