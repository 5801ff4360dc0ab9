import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import type { SetExit } from '../program.js';

// Placeholder: the batch command is being built.
export function registerBatch(program: Command, _io: CliIo, _setExit: SetExit): Command {
  return program.command('batch', { hidden: true });
}
