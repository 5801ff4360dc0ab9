import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { exitCodeHelp } from '../../core/exit-codes.js';
import type { CliIo } from '../io.js';
import { addCommonOptions, helpFooter, type CommonOptions } from '../options.js';
import { addWaitOptions, WAIT_HELP, type WaitFlags } from '../wait-options.js';
import type { SetExit } from '../program.js';
import { runWithContext } from '../run.js';
import { addHuaweiOptions, HUAWEI_AUTH_HELP } from './starrocks.js';
import { fsReason } from '../../core/fs-error.js';

interface BatchOptions extends CommonOptions, WaitFlags {
  file?: string;
}

const STDIN = '-';

/** Ids separated by whitespace or newlines; "#" starts a comment to the end of the line. */
export function splitIds(text: string): string[] {
  return text.replace(/#.*$/gm, '').split(/\s+/).filter((s) => s !== '');
}

async function readStdin(io: CliIo): Promise<string> {
  if (!io.openStdin) throw new UsageError('"-" reads job ids from stdin, but there is no stdin');
  const chunks: Buffer[] = [];
  for await (const chunk of io.openStdin()) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** The ids from the arguments, `--file` and `-` (stdin), in that order. */
async function gatherIds(args: string[], opts: BatchOptions, io: CliIo): Promise<string[]> {
  const ids = args.filter((a) => a !== STDIN);
  const wantsStdin = args.includes(STDIN) || opts.file === STDIN;
  if (opts.file !== undefined && opts.file !== STDIN) {
    try {
      ids.push(...splitIds(readFileSync(resolve(io.cwd, opts.file), 'utf8')));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new UsageError(code === 'ENOENT' ? `no such file: ${opts.file}` : `cannot read --file ${opts.file}: ${fsReason(err)}`, { suggestion: 'Check the path given to --file' });
    }
  }
  if (wantsStdin) ids.push(...splitIds(await readStdin(io)));
  return ids;
}

export function registerBatch(program: Command, io: CliIo, setExit: SetExit): Command {
  const cmd = program
    .command('batch')
    .description('Huawei Cloud DRS job statuses in batches (100 ids per request), in the order given')
    .argument('[jobId...]', 'DRS job ids; "-" reads more from stdin (whitespace or newline separated)')
    .option('--file <path>', 'read job ids from a file (whitespace or newline separated, # comments)');
  addHuaweiOptions(cmd);
  addCommonOptions(cmd);
  addWaitOptions(cmd);
  cmd.addHelpText('after', WAIT_HELP + '\n' + helpFooter([
    'syncstat batch 9a470239-2308-4bb5-a6bc-1040402fjb21 dc67695a-ee3e-49b8-a022-a099bd81jb21',
    'syncstat batch --file jobs.txt -o table',
    'syncstat batch --file jobs.txt --until syncing --timeout 2h --interval 1m   # wait for incremental sync',
    "cat jobs.txt | syncstat batch - --json | jq -r '.results[] | select(.phase == \"failed\") | .id'",
  ], `${HUAWEI_AUTH_HELP}\n\n${exitCodeHelp({ waits: 'until' })}`));
  return cmd.action(async (args: string[], opts: BatchOptions) => {
    setExit(await runWithContext(opts, io, async (ctx) => {
      const ids = await gatherIds(args, opts, io);
      // The table renderer (cli-table3) loads only when a table is printed: JSON in a loop stays lean.
      const [{ queryBatch }, { runQuery }] = await Promise.all([
        import('../../providers/huawei/index.js'),
        import('../query.js'),
      ]);
      return runQuery(ctx, () => queryBatch(ctx.session, ids), opts, async (r, c, changed) => (await import('../../render/table.js')).renderTable(r, { paint: c.paint, layout: c.layout, changed }));
    }));
  });
}
