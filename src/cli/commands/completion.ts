import { Argument, type Command } from 'commander';
import type { CliIo } from '../io.js';
import type { SetExit } from '../program.js';

/** The shells `syncstat completion` writes a script for. */
export const SHELLS = ['bash', 'zsh', 'fish', 'powershell'] as const;

export function registerCompletion(program: Command, io: CliIo, setExit: SetExit): Command {
  return program
    .command('completion')
    .description('print a shell completion script to source (bash, zsh, fish, powershell)')
    .addArgument(new Argument('<shell>', 'the shell to complete in').choices(SHELLS))
    .addHelpText('after', `
The script asks syncstat itself what fits (\`syncstat __complete <words...>\`): commands, each
command's flags, formats and other choices, regions, profile names from the config file, and task ids
from the fleet's task list (--tasks, or tasks: of the profile).

Examples:
  $ source <(syncstat completion bash)                  # bash, in ~/.bashrc
  $ syncstat completion zsh > "\${fpath[1]}/_syncstat"   # zsh, then restart it
  $ syncstat completion fish > ~/.config/fish/completions/syncstat.fish
  PS> syncstat completion powershell | Out-String | Invoke-Expression
`)
    .action(async (shell: (typeof SHELLS)[number]) => {
      io.stdout.write((await import('../completion/scripts.js')).completionScript(shell));
      setExit(0);
    });
}
