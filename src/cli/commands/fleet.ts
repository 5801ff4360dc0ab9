import type { Command } from 'commander';
import { exitCodeHelp } from '../../core/exit-codes.js';
import { PHASES } from '../../core/model.js';
import type { CommandSpec, FleetService } from '../../core/provider.js';
import { PROVIDER_LIST } from '../../providers/index.js';
import type { CliIo } from '../io.js';
import { addCommonOptions, CI_HELP, COMMON_OPTIONS, helpFooter, type CommonOptions } from '../options.js';
import type { SetExit } from '../program.js';
import { runWithContext } from '../run.js';
import { addWaitOptions, WAIT_HELP, type WaitFlags } from '../wait-options.js';
import { shapeExamples } from '../shape-options.js';

/** The task-list services, from the registry: each a query command's spec and its provider. */
export interface FleetCommand {
  provider: string;
  spec: CommandSpec & { fleet: FleetService };
}

export function fleetCommands(): Map<string, FleetCommand> {
  const out = new Map<string, FleetCommand>();
  for (const p of PROVIDER_LIST) for (const spec of p.commands) if (spec.fleet) out.set(spec.fleet.service, { provider: p.name, spec: spec as FleetCommand['spec'] });
  return out;
}

export const PHASE_FILTERS = [...PHASES, 'error'];

export interface FleetFlags extends CommonOptions, WaitFlags {
  tasks?: string;
  service?: string[];
  label?: string[];
  phase?: string;
}

const collectList = (value: string, previous: string[] = []) => [...previous, value];

export function registerFleet(program: Command, io: CliIo, setExit: SetExit): Command {
  const services = [...fleetCommands().keys()];
  const cmd = program
    .command('fleet')
    .description('every task of a task list (tasks: in the config file, or --tasks), across services: one table, one exit code')
    .option('--tasks <file>', 'the task list: a YAML or JSON file ("-" reads stdin); default: tasks: of the profile in the config file')
    .option('--service <name>', `only the entries of this service (repeatable): ${services.join(', ')}`, collectList)
    .option('--label <key=value>', 'only the entries with this label (repeatable: every one must match)', collectList)
    .option('--phase <phases>', `only the rows in these phases, comma separated: ${PHASE_FILTERS.join(', ')}`);
  // --endpoint would point every service at one URL: each service's endpoint comes from its settings.
  addCommonOptions(cmd, undefined, COMMON_OPTIONS.map((o) => o.flags.split(/[ ,]+/).find((f) => f.startsWith('--'))!).filter((f) => f !== '--endpoint'));
  addWaitOptions(cmd);
  cmd.addHelpText('after', `
Task list (YAML or JSON; a list, or an object with a tasks: list): one entry per task, with its
service (${services.join(', ')}), its id, and optionally a name and labels. Each service's endpoint
and credentials come from its usual settings (env, profile); a service whose credentials are missing
makes its entries' errors (exit 3), the others are still reported. An entry may name an instance
instead of an id, and list the tasks of it to report (every task when none): see the README.
${WAIT_HELP}
${CI_HELP}
` + helpFooter([
    'syncstat fleet --tasks fleet.yaml',
    'syncstat fleet --label env=prod --phase failed,paused',
    'syncstat fleet --until syncing --max-lag 5s --timeout 20m   # the whole wave in sync',
    'syncstat fleet --until syncing --max-lag 5s --for 2m   # in sync on every poll for 2 minutes',
    'syncstat fleet --watch --stale-after 10m   # a lag unchanged for 10m shows as stale',
    'syncstat fleet --until syncing --timeout 1h --fail-early   # exit 6 at once if a full load cannot end in 1h',
    'syncstat fleet --sort-by lag -o tsv   # the most behind first (default: the list\'s order)',
    'cat fleet.json | syncstat fleet --tasks - --json',
    'syncstat fleet -o junit > fleet.xml   # a CI test report: a testcase per task',
    ...shapeExamples('syncstat fleet'),
    'syncstat fleet --columns service,name,phase,lag,details.fleet.labels.env -o tsv',
  ], exitCodeHelp({ waits: 'until' })));
  return cmd.action(async (opts: FleetFlags) => {
    // The fleet's code loads only when it runs.
    setExit(await runWithContext(opts, io, async (ctx) => ((ctx.command = 'fleet'), (await import('../fleet-run.js')).runFleet(ctx, opts))));
  });
}

