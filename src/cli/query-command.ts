import { Option, type Command } from 'commander';
import { exitCodeHelp } from '../core/exit-codes.js';
import type { Report } from '../core/model.js';
import type { CommandSpec, OptionSpec, Query } from '../core/provider.js';
import { PROVIDER_LIST } from '../providers/index.js';
import type { CliContext } from './context.js';
import type { CliIo } from './io.js';
import type { TableRenderer } from './output.js';
import { addCommonOptions, CI_HELP, helpFooter, type CommonOptions } from './options.js';
import { shapeExamples } from './shape-options.js';
import type { SetExit } from './program.js';
import { runWithContext } from './run.js';
import { serviceSession } from './service-session.js';
import { addWaitOptions, WAIT_HELP, waitExamples, type WaitFlags } from './wait-options.js';

function toOption(spec: OptionSpec): Option {
  const opt = new Option(spec.flags, spec.description);
  if (spec.choices) opt.choices(spec.choices);
  if (spec.default !== undefined) opt.default(spec.default);
  return opt;
}

const collectFiles = (value: string, previous: string[] = []) => [...previous, value];

/** The help after the options: credentials, waiting, examples, notes, exit codes. */
function helpText(spec: CommandSpec): string {
  const notes = spec.help.notes ? `${spec.help.notes}\n\n` : '';
  // One example per shaping flag, on the command's plainest example (its first).
  const shaping = shapeExamples(spec.help.examples[0].replace(/\s+#.*$/, ''));
  return (spec.help.before ?? '') + (spec.help.wait ?? WAIT_HELP) + '\n' + CI_HELP + '\n' + helpFooter([...spec.help.examples, ...waitExamplesOf(spec), ...shaping, ...inputExamples(spec)], notes + exitCodeHelp({ waits: spec.waits }));
}

/** One example per wait flag, on the command's first example's command and id. */
function waitExamplesOf(spec: CommandSpec): string[] {
  return spec.waits === 'until' && spec.help.examples.length ? waitExamples(spec.help.examples[0].split(' ').slice(0, 3).join(' '), !spec.noLag) : [];
}

/** The same two examples on every command: ids from a file into a CI report, ids from stdin into annotations. */
function inputExamples(spec: CommandSpec): string[] {
  // "job id" -> jobs.txt; a command of one id (an instance) -> instance.txt.
  const word = spec.idNoun.split(' ').at(-2)?.toLowerCase() ?? 'id';
  const file = `${word}${spec.argument[0].includes('...') ? 's' : ''}.txt`;
  return [`syncstat ${spec.name} --file ${file} -o junit > ${spec.name}.xml   # ids from a file (# comments), a CI test report`, `grep -v '^#' ${file} | syncstat ${spec.name} - -o github   # ids from stdin, GitHub annotations`];
}

/**
 * Declares a provider's command from its spec. The provider's code loads only when the command runs;
 * a query command then gets the one action below, a command with its own action runs that.
 */
export function registerCommand(program: Command, spec: CommandSpec, io: CliIo, setExit: SetExit): Command {
  const cmd = program.command(spec.name).description(spec.description).argument(spec.argument[0], spec.argument[1]);
  for (const option of spec.options ?? []) cmd.addOption(toOption(option));
  const what = spec.argument[0].includes('...') ? `${spec.idNoun}s` : `the ${spec.idNoun} (one)`;
  cmd.option('--file <path>', `read ${what} from a file, "-" for stdin (repeatable; one or more a line, # comments; at most 1 MiB and 10,000 ids)`, collectFiles);
  addCommonOptions(cmd, spec.formats && [...spec.formats]);
  if (spec.waits === 'until') addWaitOptions(cmd);
  cmd.addHelpText('after', helpText(spec));
  return cmd.action(async (arg: string[] | string | undefined, opts: CommonOptions & WaitFlags) => {
    setExit(await runWithContext(opts, io, async (ctx) => {
      ctx.command = spec.name;
      const args = Array.isArray(arg) ? arg : arg === undefined ? [] : [arg];
      // Ids from --file or stdin: the reader loads only then (a plain query never pays for it).
      const files = (opts.file as string[] | undefined) ?? [];
      const ids = files.length || args.includes('-') ? await (await import('./ids-input.js')).gatherIds(ctx, args, files, spec.idNoun) : args;
      const code = await spec.load();
      // The provider's own concurrency, if set, caps every request of this run.
      ctx.session = serviceSession(ctx, PROVIDER_LIST.find((p) => p.commands.includes(spec))!.name);
      if (code.action) return code.action.run(ctx, ids, opts);
      return runQueryCommand(ctx, spec, code.query, ids, opts);
    }));
  });
}

/**
 * The one action of every query command: the options read, then on the first poll the ids checked
 * and the client made; every later poll of a wait reuses that client (settings, credentials and token
 * source resolved once per run).
 */
async function runQueryCommand<C, O>(ctx: CliContext, spec: CommandSpec, query: Query<C, O>, ids: string[], opts: CommonOptions & WaitFlags): Promise<number> {
  const options = query.options ? query.options(opts) : (undefined as O);
  const { runQuery } = await import('./query.js');
  let warnings: string[] | undefined;
  let client: { value: C } | undefined;
  const poll = async (): Promise<Report> => {
    warnings ??= query.check(ids, options);
    client ??= { value: await query.connect(ctx.session, options) };
    const report = await query.fetch(ctx.session, client.value, ids, options);
    report.warnings.unshift(...warnings);
    return report;
  };
  // The table renderer loads only when a table is printed: JSON in a loop stays lean.
  const { withCiReports } = await import('./output.js');
  const table: TableRenderer = async (r, c, changed) => (await import('../render/table.js')).renderTable(r, { paint: c.paint, layout: c.layout, wide: opts.wide as boolean | undefined, continuous: spec.continuousSubtasks, changed });
  const lagless = spec.noLag ? [{ noun: spec.noLag, test: () => true }] : [];
  return runQuery(ctx, poll, opts, withCiReports(spec.name, table), undefined, lagless);
}
