import type { CliIo } from './io.js';

/**
 * A CliIo that keeps what the CLI writes, for running it in-process where no terminal and no time
 * exist: the build's piped-help table, and tests of help and completion. Its clock stands still.
 */
export function captureIo(cwd: string, env: Record<string, string> = {}): CliIo & { out(): string; err(): string } {
  let stdout = '';
  let stderr = '';
  return {
    env,
    cwd,
    stdout: { write: (s: string) => ((stdout += s), true) },
    stderr: { write: (s: string) => ((stderr += s), true) },
    stdoutIsTTY: false,
    stderrIsTTY: false,
    now: () => 0,
    sleep: async () => {},
    random: () => 0.5,
    signal: new AbortController().signal,
    homedir: cwd,
    out: () => stdout,
    err: () => stderr,
  };
}
