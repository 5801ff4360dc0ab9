// The CliIo the in-process bench harnesses (leak-check, cpu-check) run the CLI with: real clock,
// output discarded, the sleep and signal theirs.
import type { CliIo } from '../src/cli/io.js';

export function benchIo(env: Record<string, string>, sleep: CliIo['sleep'], signal: AbortSignal): CliIo {
  return {
    env,
    cwd: process.cwd(),
    stdout: { write: () => true },
    stderr: { write: () => true },
    stdoutIsTTY: false,
    stderrIsTTY: false,
    now: () => Date.now(),
    sleep,
    random: Math.random,
    signal,
    homedir: env.HOME,
  };
}
