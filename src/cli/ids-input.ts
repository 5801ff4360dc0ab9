import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { InterruptedError, interruptExitCode, SyncstatError, UsageError } from '../core/errors.js';
import { formatBytes } from '../core/bounded-read.js';
import { fsReason } from '../core/fs-error.js';
import { MAX_IDS, validateIds } from '../core/ids.js';
import type { CliContext } from './context.js';
import type { CliIo } from './io.js';

/** Ids from `--file <path>` and `-` (stdin), for the commands whose spec has `idsInput`. */
const STDIN = '-';

/** Ids separated by whitespace or newlines; "#" starts a comment to the end of the line. */
export function splitIds(text: string): string[] {
  return text.replace(/#.*$/gm, '').split(/\s+/).filter((s) => s !== '');
}

/** The most bytes of ids read from --file or stdin (together at most MAX_IDS ids; see core/ids.ts). */
export const IDS_INPUT_MAX_BYTES = 1024 * 1024;

/**
 * Reads a stream of ids to its end, but never more than IDS_INPUT_MAX_BYTES (`/dev/zero`, `yes |`
 * never end) and never past Ctrl-C: either stops reading at once and destroys the stream. `tooLarge`:
 * the suggestion when it is too large (default: the ids' own).
 */
export function readIdsStream(stream: NodeJS.ReadableStream, what: string, signal: AbortSignal, tooLarge?: string): Promise<string> {
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
        return finish(new UsageError(`${what} is larger than ${formatBytes(IDS_INPUT_MAX_BYTES)}`, { suggestion: tooLarge ?? `Ids are read from at most ${formatBytes(IDS_INPUT_MAX_BYTES)} and ${MAX_IDS.toLocaleString('en-US')} ids in one run: split the list` }));
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

/** Says so on stderr when stdin is a terminal: "-" would otherwise wait for input without a word. */
async function readStdin(ctx: CliContext, noun: string): Promise<string> {
  const io = ctx.io;
  if (!io.openStdin) throw new UsageError(`"-" reads ${noun}s from stdin, but there is no stdin`);
  if (io.stdinIsTTY) ctx.log.info(`reading ${noun}s from stdin, one or more a line (Ctrl-D to end, Ctrl-C to stop)`);
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

/** The ids of a text with the line each is on (1-based): a BOM, CRLF and "#" comments are dropped. */
export function idLines(text: string): Array<{ id: string; line: number }> {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .flatMap((line, i) => splitIds(line).map((id) => ({ id, line: i + 1 })));
}

/**
 * The ids from the arguments, each `--file` and `-` (stdin, read once), in that order, checked
 * together (malformed, duplicate, too many, none) with each refused id named by where it was written:
 * "--file jobs.txt line 3", "argument 1". The command's own check runs after, as for arguments.
 */
export async function gatherIds(ctx: CliContext, args: string[], files: readonly string[], noun: string): Promise<string[]> {
  const ids: string[] = [];
  const origins: string[] = [];
  args.forEach((a, i) => {
    if (a !== STDIN) (ids.push(a), origins.push(`argument ${i + 1}`));
  });
  const read: string[] = [];
  const add = (text: string, source: string) => {
    read.push(source);
    for (const { id, line } of idLines(text)) (ids.push(id), origins.push(`${source} line ${line}`));
  };
  for (const file of files) if (file !== STDIN) add(await readIdsFile(ctx.io, file), `--file ${file}`);
  if (args.includes(STDIN) || files.includes(STDIN)) add(await readStdin(ctx, noun), 'stdin');
  if (!ids.length) {
    throw new UsageError(`no ${noun} given: ${read.join(' and ')} ${read.length > 1 ? 'hold' : 'holds'} none (only blank lines and # comments)`, { suggestion: `Put one ${noun} or more in it, one or more a line` });
  }
  validateIds(ids, { noun }, origins);
  return ids;
}
