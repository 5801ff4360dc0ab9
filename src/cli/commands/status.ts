import type { Command } from 'commander';
import { EXIT_CODE_HELP } from '../../core/exit-codes.js';
import type { CliIo } from '../io.js';
import { addCommonOptions, helpFooter, type CommonOptions } from '../options.js';
import type { SetExit } from '../program.js';
import { runWithContext } from '../run.js';

interface StatusOptions extends CommonOptions {
  wide?: boolean;
}

export function registerStatus(program: Command, io: CliIo, setExit: SetExit): Command {
  const cmd = program
    .command('status')
    .description('NineData replication task status: phase, current stage, progress and lag')
    .argument('[replicationId...]', 'replication task ids (rp-...)')
    .option('--wide', 'show one line per subtask (schema, full, incremental, trigger)');
  addCommonOptions(cmd);
  cmd.addHelpText('after', helpFooter([
    'syncstat status rp-div0t0awwobr',
    'syncstat status rp-div0t0awwobr rp-div0qqpbffio --wide',
    "syncstat status rp-div0t0awwobr --json | jq '.results[0].lagMs'",
    'NINEDATA_ENDPOINT=http://127.0.0.1:8787 syncstat status rp-div0t0awwobr',
  ], EXIT_CODE_HELP));
  return cmd.action(async (ids: string[], opts: StatusOptions) => {
    setExit(await runWithContext(opts, io, async (ctx) => {
      const { queryStatus } = await import('../../providers/ninedata/index.js');
      const report = await queryStatus(ctx.session, ids);
      const { emitReport } = await import('../output.js');
      const { renderTable } = await import('../../render/table.js');
      return emitReport(ctx, report, (r) => renderTable(r, { paint: ctx.paint, wide: opts.wide }));
    }));
  });
}
