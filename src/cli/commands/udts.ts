import { Option, type Command } from 'commander';
import { exitCodeHelp } from '../../core/exit-codes.js';
import type { CliIo } from '../io.js';
import { addCommonOptions, helpFooter, type CommonOptions } from '../options.js';
import type { SetExit } from '../program.js';
import { runWithContext } from '../run.js';
import { addWaitOptions, WAIT_HELP, type WaitFlags } from '../wait-options.js';

interface UdtsOptions extends CommonOptions, WaitFlags {
  type?: string;
}

export function registerUdts(program: Command, io: CliIo, setExit: SetExit): Command {
  const cmd = program
    .command('udts')
    .description('UCloud UDTS task status: phase, progress, lag and binlog position')
    .argument('[taskId...]', 'UDTS task ids (udts-...)')
    .option('--project-id <id>', 'project id; sub-accounts must send it (env UCLOUD_PROJECT_ID)')
    .addOption(new Option('--type <type>', 'task type').choices(['transfer', 'integration']))
    .option('--region <region>', 'region, sent only when set (env UCLOUD_REGION)');
  addCommonOptions(cmd);
  addWaitOptions(cmd);
  cmd.addHelpText('after', `
Credentials: UCLOUD_PUBLIC_KEY and UCLOUD_PRIVATE_KEY (or profiles.<name>.ucloud.publicKey/privateKey),
else the UCloud CLI's profile in ~/.ucloud (UCLOUD_PROFILE, or the active one);
endpoint UCLOUD_API_BASE_URL (default https://api.ucloud.cn).${WAIT_HELP}
` + helpFooter([
    'syncstat udts udts-ixdp441',
    'syncstat udts udts-ixdp441 --project-id org-hiny12 --type transfer',
    "syncstat udts udts-ixdp441 --json | jq '.results[0].details.binlog'",
    'syncstat udts udts-ixdp441 --until succeeded --timeout 2h --interval 1m',
  ], exitCodeHelp({ waits: 'until' })));
  return cmd.action(async (ids: string[], opts: UdtsOptions) => {
    setExit(await runWithContext(opts, io, async (ctx) => {
      // The table renderer (cli-table3) loads only when a table is printed: JSON in a loop stays lean.
      const [{ queryUdts }, { runQuery }] = await Promise.all([
        import('../../providers/ucloud/index.js'),
        import('../query.js'),
      ]);
      return runQuery(ctx, () => queryUdts(ctx.session, ids, { type: opts.type }), opts, async (r, c, changed) => (await import('../../render/table.js')).renderTable(r, { paint: c.paint, layout: c.layout, changed }));
    }));
  });
}
