import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { InterruptedError, interruptExitCode, SyncstatError, UsageError } from '../../core/errors.js';
import { formatBytes } from '../../core/bounded-read.js';
import { MAX_IDS } from '../../core/ids.js';
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

/** The most bytes of ids read from --file or stdin (together at most MAX_IDS ids; see core/ids.ts). */
export const IDS_INPUT_MAX_BYTES = 1024 * 1024;

/**
 * Reads a stream of ids to its end, but never more than IDS_INPUT_MAX_BYTES (`/dev/zero`, `yes |`
 * never end) and never past Ctrl-C: either stops reading at once and destroys the stream.
 */
export function readIdsStream(stream: NodeJS.ReadableStream, what: string, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (err: unknown, text?: string) => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      signal.removeEventListener('abort', onAbort);
      if (err === undefined) return resolve(text!);
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      reject(err);
    };
    const onData = (chunk: Buffer | string) => {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buf.length;
      if (size > IDS_INPUT_MAX_BYTES) {
        return finish(new UsageError(`${what} is larger than ${formatBytes(IDS_INPUT_MAX_BYTES)}`, { suggestion: `Ids are read from at most ${formatBytes(IDS_INPUT_MAX_BYTES)} and ${MAX_IDS.toLocaleString('en-US')} ids in one run: split the list` }));
      }
      chunks.push(buf);
    };
    const onEnd = () => finish(undefined, Buffer.concat(chunks).toString('utf8'));
    const onError = (err: unknown) => finish(err);
    const onAbort = () => finish(new InterruptedError(undefined, interruptExitCode(signal)));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
  });
}

async function readStdin(io: CliIo): Promise<string> {
  if (!io.openStdin) throw new UsageError('"-" reads job ids from stdin, but there is no stdin');
  return readIdsStream(io.openStdin(), 'stdin', io.signal);
}

async function readIdsFile(io: CliIo, file: string): Promise<string> {
  try {
    // A stream, not a file read: --file <(cmd) is a pipe, and --file /dev/zero must stop at the limit.
    return await readIdsStream(createReadStream(resolve(io.cwd, file)), `--file ${file}`, io.signal);
  } catch (err) {
    if (err instanceof SyncstatError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `no such file: ${file}` : `cannot read --file ${file}: ${fsReason(err)}`, { suggestion: 'Check the path given to --file' });
  }
}

/** The ids from the arguments, `--file` and `-` (stdin), in that order. */
async function gatherIds(args: string[], opts: BatchOptions, io: CliIo): Promise<string[]> {
  const ids = args.filter((a) => a !== STDIN);
  const wantsStdin = args.includes(STDIN) || opts.file === STDIN;
  if (opts.file !== undefined && opts.file !== STDIN) ids.push(...splitIds(await readIdsFile(io, opts.file)));
  if (wantsStdin) ids.push(...splitIds(await readStdin(io)));
  return ids;
}

export function registerBatch(program: Command, io: CliIo, setExit: SetExit): Command {
  const cmd = program
    .command('batch')
    .description('Huawei Cloud DRS job statuses in batches (100 ids per request), in the order given')
    .argument('[jobId...]', 'DRS job ids; "-" reads more from stdin (whitespace or newline separated)')
    .option('--file <path>', 'read job ids from a file (whitespace or newline separated, # comments; at most 1 MiB and 10,000 ids)');
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
