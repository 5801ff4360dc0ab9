import { CommanderError } from 'commander';
import { EXIT } from '../core/exit-codes.js';
import { InterruptedError, interruptExitCode, SyncstatError } from '../core/errors.js';
import { createContext, type CliContext } from './context.js';
import type { CliIo } from './io.js';
import type { CommonOptions } from './options.js';
import { buildProgram } from './program.js';
import { hoistCommonOptions } from './argv.js';
import { neutralize } from '../render/safe-text.js';

/** Runs the CLI on argv and returns the exit code. The only caller that exits is main.ts. */
export async function runCli(given: string[], io: CliIo): Promise<number> {
  // The shell completion protocol (syncstat completion): its code loads only for it.
  if (given[0] === '__complete') return (await import('./completion/protocol.js')).answerCompletion(given.slice(1), io);
  const argv = hoistCommonOptions(given);
  let exitCode: number = EXIT.ok;
  const program = buildProgram(io, (code) => (exitCode = code), argv);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) return commanderExit(err);
    return reportFailure(err, io, argv.includes('--debug'));
  }
}

/** Help and version are successes; every other commander complaint is a usage error (exit 2). */
function commanderExit(err: CommanderError): number {
  if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return EXIT.ok;
  return EXIT.usage;
}

/** Creates the context, runs a command, maps any error to one stderr line and its exit code. */
export async function runWithContext(opts: CommonOptions, io: CliIo, body: (ctx: CliContext) => Promise<number>): Promise<number> {
  let ctx: CliContext | undefined;
  try {
    ctx = await createContext(opts, io);
    return await body(ctx);
  } catch (err) {
    return reportFailure(err, io, Boolean(opts.debug), ctx);
  } finally {
    await ctx?.close().catch(() => {});
  }
}

export function reportFailure(err: unknown, io: CliIo, debug: boolean, ctx?: CliContext): number {
  // One line, safe for a terminal, no registered secret (an error may quote a service).
  const scrub = (s: string) => neutralize(ctx ? ctx.secrets.scrub(s) : s);
  if (err instanceof InterruptedError || (io.signal.aborted && err instanceof SyncstatError)) {
    io.stderr.write(`syncstat: interrupted (${io.signal.reason === 'SIGTERM' ? 'SIGTERM' : 'Ctrl-C'})\n`);
    return interruptExitCode(io.signal);
  }
  if (err instanceof SyncstatError) {
    io.stderr.write(scrub(`syncstat: error: ${err.toLine()}`) + '\n');
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  io.stderr.write(scrub(`syncstat: internal error: ${message} (this is a bug; rerun with --debug for details)`) + '\n');
  if (debug && err instanceof Error && err.stack) for (const line of err.stack.split('\n')) io.stderr.write(scrub(line) + '\n');
  return EXIT.internal;
}
