/** Documented exit codes (README, `--help`). */
export const EXIT = {
  ok: 0,
  taskFailed: 1,
  usage: 2,
  auth: 3,
  api: 4,
  network: 5,
  waitTimeout: 6,
  interrupted: 130,
  terminated: 143,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * With several ids the most severe outcome wins: what the tool could not see (credentials, network)
 * outranks what it saw (an API error, a failed task).
 */
const SEVERITY: readonly number[] = [EXIT.terminated, EXIT.interrupted, EXIT.usage, EXIT.auth, EXIT.network, EXIT.api, EXIT.waitTimeout, EXIT.taskFailed, EXIT.ok];

export function mostSevere(codes: Iterable<number>): number {
  let best: number = EXIT.ok;
  for (const code of codes) if (SEVERITY.indexOf(code) < SEVERITY.indexOf(best)) best = code;
  return best;
}

export const EXIT_CODE_HELP = `Exit codes:
  0    every task queried; none failed; any --until condition met
  1    a task is in phase "failed", or a precheck failed (or warned, with --fail-on warning)
  2    usage error or bad input (unknown flag, malformed/empty/duplicate id)
  3    configuration or authentication error (missing credentials, rejected signature or token)
  4    the service answered with an error (not found, bad parameter, API error code)
  5    network or protocol failure after retries (DNS, refused, TLS, timeout, 5xx, malformed body)
  6    a wait ran out of time before its condition held
  130  interrupted (Ctrl-C)
  143  terminated (SIGTERM)`;
