import { Command } from 'commander';
import { EXIT_CODE_HELP } from '../core/exit-codes.js';
import { helpWidth, PIPED_HELP_WIDTH, wrapHelp } from './help-wrap.js';
import { COMMAND_NAMES, isCommandName } from './command-names.js';
import type { CliIo } from './io.js';
import { PROVIDER_LIST } from '../providers/index.js';
import { registerCommand } from './query-command.js';
import { registerConfig } from './commands/config.js';
import { registerSim } from './commands/sim.js';
import { registerDemo } from './commands/demo.js';
import { registerFleet } from './commands/fleet.js';
import { registerServe } from './commands/serve.js';
import { registerDoctor } from './commands/doctor.js';
import { registerCompletion } from './commands/completion.js';
import { registerHelp } from './commands/help.js';
import { seeAlso } from '../help/topics.js';

declare const __SYNCSTAT_VERSION__: string;

export type SetExit = (code: number) => void;

type Register = (program: Command, io: CliIo, setExit: SetExit) => Command;

/** Every command's registration: the providers' from their specs (the registry), then syncstat's own. */
const COMMANDS: ReadonlyMap<string, Register> = new Map<string, Register>([
  ...PROVIDER_LIST.flatMap((p) => p.commands.map((spec) => [spec.name, (program: Command, io: CliIo, setExit: SetExit) => registerCommand(program, spec, io, setExit)] as const)),
  ['fleet', registerFleet],
  ['serve', registerServe],
  ['config', registerConfig],
  ['doctor', registerDoctor],
  ['sim', registerSim],
  ['demo', registerDemo],
  ['completion', registerCompletion],
]);

/** "A, B, C and D": the services every provider covers, for the program's description. */
const SERVICES = PROVIDER_LIST.flatMap((p) => p.services);
const SERVICES_LINE = `${SERVICES.slice(0, -1).join(', ')} and ${SERVICES.at(-1)}`;

/**
 * Help on stdout, wrapped at the terminal's width (80 columns when piped); a usage error as one stderr
 * line, never wrapped, commander's suggestion and where to read more included:
 * "syncstat: error: unknown option '--jsn' (Did you mean --json?). See: syncstat status --help".
 */
function outputFor(io: CliIo, helpCommand: string) {
  const outWidth = helpWidth(io.stdoutIsTTY, io.columns);
  return {
    writeOut: (s: string) => io.stdout.write(wrapHelp(s, outWidth)),
    writeErr: (s: string) => io.stderr.write(wrapHelp(s, PIPED_HELP_WIDTH)),
    getOutHelpWidth: () => outWidth,
    getErrHelpWidth: () => PIPED_HELP_WIDTH,
    outputError: (s: string) => io.stderr.write(`syncstat: ${s.trim().replace(/\s*\n+\s*/g, ' ').replace(/\.$/, '')}. See: ${helpCommand}\n`),
  };
}

/** Commander leaves descriptions unwrapped when their column is under 40; narrow terminals need it too. */
const HELP_CONFIG = { minWidthToWrap: 20 };

/**
 * The commander tree. Commands only declare options here; their code loads when they run. When argv
 * names a command, only that one is declared (a status query in a loop need not build the others);
 * anything else (`--help`, `help`, a typo that wants a suggestion) gets the whole tree.
 */
export function buildProgram(io: CliIo, setExit: SetExit, argv: readonly string[] = []): Command {
  const program = new Command('syncstat')
    .description(`Where your data-replication and migration tasks stand: ${SERVICES_LINE}.`)
    .version(__SYNCSTAT_VERSION__, '-V, --version')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput(outputFor(io, 'syncstat --help'))
    .configureHelp(HELP_CONFIG)
    .addHelpText('after', `
Examples:
  $ syncstat demo                                   # see it work against the built-in simulator
${PROVIDER_LIST.flatMap((p) => p.examples ?? []).map((e) => `  $ ${e}\n`).join('')}
${EXIT_CODE_HELP}
`);

  const named = isCommandName(argv[0]) ? [argv[0]] : COMMAND_NAMES;
  for (const register of named.map((name) => COMMANDS.get(name)!)) {
    const cmd = register(program, io, setExit);
    cmd.exitOverride().showSuggestionAfterError(true).configureOutput(outputFor(io, `syncstat ${cmd.name()} --help`));
    if (seeAlso(cmd)) cmd.addHelpText('after', seeAlso(cmd));
  }
  // `help <topic|command>` needs the whole tree: declared only when it is built.
  if (named === COMMAND_NAMES) registerHelp(program, io, setExit).exitOverride().configureOutput(outputFor(io, 'syncstat help --help'));
  return program;
}
