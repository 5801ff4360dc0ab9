import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import type { SetExit } from '../program.js';

// Placeholder: the starrocks command is being built.
export function registerStarrocks(program: Command, _io: CliIo, _setExit: SetExit): Command {
  return program.command('starrocks', { hidden: true });
}
