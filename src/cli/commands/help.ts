import type { Command } from 'commander';
import { didYouMean } from '../../core/did-you-mean.js';
import { UsageError } from '../../core/errors.js';
import { TOPIC_NAMES, TOPICS } from '../../help/topics.js';
import { helpWidth, wrapHelp } from '../help-wrap.js';
import type { CliIo } from '../io.js';
import type { SetExit } from '../program.js';
import { reportFailure } from '../run.js';

/**
 * `syncstat help [topic|command]` in place of commander's own help command: a command's help as
 * before, or a topic page (docs/help/*.md); anything else is a usage error listing both.
 */
export function registerHelp(program: Command, io: CliIo, setExit: SetExit): Command {
  program.helpCommand(false);
  const topics = TOPICS.map((t) => `  ${t.name.padEnd(9)}${t.summary}`).join('\n');
  return program
    .command('help')
    .description(`show help for a command, or a topic: ${TOPIC_NAMES.join(', ')}`)
    .argument('[topic]', 'a topic or a command')
    .addHelpText('after', `\nTopics:\n${topics}\n\nExamples:\n  $ syncstat help waiting\n  $ syncstat help status   # the same as syncstat status --help\n`)
    .action(async (topic: string | undefined) => {
      // outputHelp, not help(): commander's help() ends as an error ('commander.help').
      if (topic === undefined) return setExit((program.outputHelp(), 0));
      const command = program.commands.find((c) => c.name() === topic && c.name() !== 'help');
      // A topic named like a command (config, fleet) is the topic: it ends by pointing at the command's options.
      if (TOPIC_NAMES.includes(topic)) {
        const width = helpWidth(io.stdoutIsTTY, io.columns);
        const [{ TOPIC_TEXT }, { topicForTerminal }] = await Promise.all([import('../../help/text.js'), import('../../help/render.js')]);
        const options = command ? `\nThe ${topic} command's options: syncstat ${topic} --help\n` : '';
        io.stdout.write(wrapHelp(topicForTerminal(TOPIC_TEXT[topic], width) + options, width));
        return setExit(0);
      }
      if (command) return setExit((command.outputHelp(), 0));
      const commands = program.commands.map((c) => c.name()).filter((n) => n !== 'help' && !n.startsWith('_'));
      const near = didYouMean(topic, [...TOPIC_NAMES, ...commands]);
      const err = new UsageError(`no help topic or command "${topic}"${near ? ` (did you mean "${near}"?)` : ''}`, { suggestion: `Topics: ${TOPIC_NAMES.join(', ')}; commands: ${commands.join(', ')}` });
      setExit(reportFailure(err, io, false));
    });
}
