import { Option, type Command } from 'commander';
import { EXIT_CODE_HELP } from '../../core/exit-codes.js';
import type { CliIo } from '../io.js';
import { addCommonOptions, helpFooter, type CommonOptions } from '../options.js';
import type { SetExit } from '../program.js';
import { runWithContext } from '../run.js';

interface PrecheckOptions extends CommonOptions {
  failOn?: 'failure' | 'warning';
}

export function registerPrecheck(program: Command, io: CliIo, setExit: SetExit): Command {
  const cmd = program
    .command('precheck')
    .description('NineData replication precheck verdict and its check items (exit 1 when it failed)')
    .argument('[replicationId...]', 'replication task ids (rp-...)')
    .addOption(new Option('--fail-on <level>', 'exit 1 on this verdict or worse').choices(['failure', 'warning']).default('failure'));
  addCommonOptions(cmd);
  cmd.addHelpText('after', helpFooter([
    'syncstat precheck rp-div0qqpbffio',
    'syncstat precheck rp-div0qqpbffio --fail-on warning   # gate CI on warnings too',
    "syncstat precheck rp-div0qqpbffio --json | jq -r '.results[].details.items[] | select(.status != \"success\") | .message'",
  ], EXIT_CODE_HELP));
  return cmd.action(async (ids: string[], opts: PrecheckOptions) => {
    setExit(await runWithContext(opts, io, async (ctx) => {
      const { queryPrecheck } = await import('../../providers/ninedata/index.js');
      const report = await queryPrecheck(ctx.session, ids);
      const { emitReport } = await import('../output.js');
      const { renderPrecheckTable } = await import('../../render/table.js');
      const failsOnWarning = opts.failOn === 'warning';
      return emitReport(ctx, report, (r) => renderPrecheckTable(r, { paint: ctx.paint }), (r) => failsOnWarning && r.status === 'warning');
    }));
  });
}
