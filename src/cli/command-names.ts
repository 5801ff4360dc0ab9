/** Every command, in the order `--help` lists them (program.ts must register exactly these). */
export const COMMAND_NAMES = ['status', 'precheck', 'udts', 'starrocks', 'batch', 'config', 'sim', 'demo'] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

export function isCommandName(word: string | undefined): word is CommandName {
  return (COMMAND_NAMES as readonly string[]).includes(word ?? '');
}
