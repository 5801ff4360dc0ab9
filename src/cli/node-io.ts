import { homedir } from 'node:os';
import type { CliIo } from './io.js';

/** The real process: env, streams, clock, Ctrl-C. */
export function nodeIo(): { io: CliIo; dispose(): void } {
  const controller = new AbortController();
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
  // A reader that closed the pipe early (`| head`) is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
  });
  const io: CliIo = {
    env: process.env,
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
    rows: process.stdout.isTTY ? process.stdout.rows : undefined,
    openStdin: () => process.stdin,
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
    homedir: homedir(),
  };
  return {
    io,
    dispose: () => {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigterm);
    },
  };
}
