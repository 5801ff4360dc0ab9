import type { CliIo } from '../io.js';
import { buildProgram } from '../program.js';
import { complete } from './engine.js';
import { usable } from './sources.js';
import { neutralize } from '../../render/safe-text.js';

/** The hidden word the shell scripts call: `syncstat __complete <words...>` (the last one is being typed). */
export const COMPLETE_COMMAND = '__complete';

/**
 * Answers a completion request, as cobra's protocol does: one candidate a line, `value<TAB>description`,
 * then a directive line: `:files` (let the shell complete file names) or `:none`. Always exit 0 and
 * nothing on stderr: a shell shows neither, and a half-typed line is no error.
 */
export async function answerCompletion(given: string[], io: CliIo): Promise<number> {
  // SYNCSTAT_COMPLETE_WORDS: how many words the script sent (PowerShell may drop a trailing empty one).
  const words = [...given];
  while (words.length < Math.min(Number(io.env.SYNCSTAT_COMPLETE_WORDS) || 0, given.length + 1)) words.push('');
  let result: Awaited<ReturnType<typeof complete>> = { candidates: [], files: false };
  try {
    const program = buildProgram(io, () => {}, []);
    result = await complete(program, words.length ? words : [''], { cwd: io.cwd, home: io.homedir, env: io.env });
  } catch {
    // A config file or task list that cannot be read offers nothing; the command itself will say why.
  }
  const lines = result.candidates.filter(usable).map((c) => (c.description ? `${c.value}\t${neutralize(c.description)}` : c.value));
  io.stdout.write([...lines, result.files ? ':files' : ':none'].join('\n') + '\n');
  return 0;
}
