import type { Command } from 'commander';
import { exitCodeHelp } from '../../core/exit-codes.js';
import type { CliIo } from '../io.js';
import { addCommonOptions, helpFooter, NINEDATA_CREDENTIALS_HELP, type CommonOptions } from '../options.js';
import { addWaitOptions, WAIT_HELP, type WaitFlags } from '../wait-options.js';
import type { SetExit } from '../program.js';
import { runWithContext } from '../run.js';

interface StatusOptions extends CommonOptions, WaitFlags {
  wide?: boolean;
}

export function registerStatus(program: Command, io: CliIo, setExit: SetExit): Command {
  const cmd = program
    .command('status')
    .description('NineData replication task status: phase, current stage, progress and lag')
    .argument('[replicationId...]', 'replication task ids (rp-...)')
    .option('--wide', 'show one line per subtask (schema, full, incremental, trigger)');
  addCommonOptions(cmd);
  addWaitOptions(cmd);
  cmd.addHelpText('after', NINEDATA_CREDENTIALS_HELP + WAIT_HELP + '\n' + helpFooter([
    'syncstat status rp-div0t0awwobr',
    'syncstat status rp-div0t0awwobr rp-div0qqpbffio --wide',
    "syncstat status rp-div0t0awwobr --json | jq '.results[0].lagMs'",
    'syncstat status rp-div0t0awwobr --until syncing --max-lag 5s --timeout 20m   # cutover gate',
    'syncstat status rp-div0t0awwobr rp-div0qqpbffio --watch',
    'NINEDATA_ENDPOINT=http://127.0.0.1:8787 syncstat status rp-div0t0awwobr',
  ], exitCodeHelp({ waits: 'until' })));
  return cmd.action(async (ids: string[], opts: StatusOptions) => {
    setExit(await runWithContext(opts, io, async (ctx) => {
      // The table renderer (cli-table3) loads only when a table is printed: JSON in a loop stays lean.
      const [{ queryStatus }, { runQuery }] = await Promise.all([
        import('../../providers/ninedata/index.js'),
        import('../query.js'),
      ]);
      return runQuery(ctx, () => queryStatus(ctx.session, ids), opts, async (r, c, changed) => (await import('../../render/table.js')).renderTable(r, { paint: c.paint, layout: c.layout, wide: opts.wide, changed }));
    }));
  });
}
