import type { Sink } from '../core/log.js';

/** Everything the CLI takes from the outside world, injected so tests and `demo` can run it in-process. */
export interface CliIo {
  env: Record<string, string | undefined>;
  cwd: string;
  stdout: Sink;
  stderr: Sink;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** stdout's width in columns when it is a terminal (help wraps to it). */
  columns?: number;
  /** stdout's height in lines when it is a terminal (a live --watch table fits it). */
  rows?: number;
  /** A function, not the stream: touching process.stdin opens it, and only `-` (or `--file -`) reads it. */
  openStdin?: () => NodeJS.ReadableStream;
  /** stdin is a terminal: reading ids from it says so first (Ctrl-D ends it). */
  stdinIsTTY?: boolean;
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  random(): number;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
  /** `serve`: calls `listener` on SIGHUP (re-read the task list) until the returned function is called. */
  onHangup?(listener: () => void): () => void;
  homedir: string;
}
