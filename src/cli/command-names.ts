import { PROVIDER_LIST } from '../providers/index.js';

/** The commands that are syncstat's own, not a provider's. */
export const OWN_COMMANDS = ['fleet', 'serve', 'config', 'doctor', 'sim', 'demo', 'completion'] as const;

/** Every command, in the order `--help` lists them: the providers' (registry order), then syncstat's own. */
export const COMMAND_NAMES: readonly string[] = [...PROVIDER_LIST.flatMap((p) => p.commands.map((c) => c.name)), ...OWN_COMMANDS];

export function isCommandName(word: string | undefined): boolean {
  return COMMAND_NAMES.includes(word ?? '');
}
