import { setMaxListeners } from 'node:events';
import { homedir } from 'node:os';
import { EXIT } from '../core/exit-codes.js';
import { fsReason } from '../core/fs-error.js';
import type { CliIo } from './io.js';

/**
 * stdout could not be written (its 'error' event, or the final flush's callback). A reader that
 * closed the pipe early (`| head -1`) is not an error: exit 0, silently. Anything else (a full disk,
 * /dev/full, a descriptor not open for writing, an I/O error) would leave truncated output behind a
 * success: one line on stderr and exit 74 (EX_IOERR), at once.
 */
export function stdoutFailed(err: NodeJS.ErrnoException): never {
  if (err.code === 'EPIPE') process.exit(EXIT.ok);
  const reason = fsReason(err);
  try {
    process.stderr.write(`syncstat: error: cannot write to stdout: ${reason}${err.code && reason !== err.code ? ` (${err.code})` : ''}\n`);
  } catch {
    // stderr is gone too: the exit code is all that is left.
  }
  process.exit(EXIT.ioError);
}

/** The real process: env, streams, clock, Ctrl-C. */
export function nodeIo(): { io: CliIo; dispose(): void } {
  const controller = new AbortController();
  // Up to --concurrency workers may sleep on it at once (a throttled service pauses them all); each
  // removes its listener when it wakes, so Node's leak warning at 10 would be a false alarm on stderr.
  setMaxListeners(0, controller.signal);
  let interrupts = 0;
  // First signal: stop cleanly (abort requests, print what was seen); the abort reason names the
  // signal, so the exit code can say which (130 for Ctrl-C, 143 for SIGTERM). Second: leave now.
  const onSignal = (name: 'SIGINT' | 'SIGTERM') => () => {
    if (++interrupts > 1) process.exit(name === 'SIGTERM' ? 143 : 130);
    controller.abort(name);
  };
  const onSigint = onSignal('SIGINT');
  const onSigterm = onSignal('SIGTERM');
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  process.stdout.on('error', stdoutFailed);
  const io: CliIo = {
    env: process.env,
    cwd: process.cwd(),
    stdout: process.stdout,
    // Made on first use: creating the stream costs start-up, and a quiet run (--help) never writes there.
    stderr: { write: (text: string) => process.stderr.write(text) },
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    get stderrIsTTY() {
      return Boolean(process.stderr.isTTY);
    },
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
    rows: process.stdout.isTTY ? process.stdout.rows : undefined,
    openStdin: () => process.stdin,
    // Read only just before stdin is (touching process.stdin opens it; node:tty costs start-up).
    get stdinIsTTY() {
      return Boolean(process.stdin.isTTY);
    },
    now: () => Date.now(),
    // Resolves early when aborted: the caller checks the signal.
    sleep: (ms, signal) =>
      new Promise<void>((resolve) => {
        if (signal?.aborted) return resolve();
        const done = () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', done);
          resolve();
        };
        const timer = setTimeout(done, ms);
        signal?.addEventListener('abort', done, { once: true });
      }),
    random: Math.random,
    signal: controller.signal,
    onHangup: (listener) => {
      process.on('SIGHUP', listener);
      return () => void process.off('SIGHUP', listener);
    },
    // node:os loads when a command first needs the home folder (config search, vendor files), not for --help.
    get homedir() {
      return homedir();
    },
  };
  return {
    io,
    dispose: () => {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigterm);
    },
  };
}
