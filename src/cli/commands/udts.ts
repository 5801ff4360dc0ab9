import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import type { SetExit } from '../program.js';

// Placeholder: the udts command is being built.
export function registerUdts(program: Command, _io: CliIo, _setExit: SetExit): Command {
  return program.command('udts', { hidden: true });
}
