/** Documented exit codes (README, `--help`). */
export const EXIT = {
  ok: 0,
  taskFailed: 1,
  usage: 2,
  auth: 3,
  api: 4,
  network: 5,
  waitTimeout: 6,
  /** A bug: not one of the documented outcomes, so scripts cannot mistake it for one. */
  internal: 70,
  /** stdout could not be written (a full disk, /dev/full, an I/O error); not EPIPE. sysexits' EX_IOERR. */
  ioError: 74,
  interrupted: 130,
  terminated: 143,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * With several ids the most severe outcome wins: what the tool could not see (credentials, network)
 * outranks what it saw (an API error, a failed task).
 */
const SEVERITY: readonly number[] = [EXIT.ioError, EXIT.terminated, EXIT.interrupted, EXIT.usage, EXIT.auth, EXIT.network, EXIT.api, EXIT.waitTimeout, EXIT.taskFailed, EXIT.ok];

export function mostSevere(codes: Iterable<number>): number {
  let best: number = EXIT.ok;
  for (const code of codes) if (SEVERITY.indexOf(code) < SEVERITY.indexOf(best)) best = code;
  return best;
}

/** What a command's exit codes 0, 1 and 6 mean depends on what it waits for: each help lists its own. */
export interface ExitCodeHelpOptions {
  /** `until`: --until/--watch (task commands); `wait`: precheck's --wait; `none`: no waiting. */
  waits: 'until' | 'wait' | 'none';
}

/** The codes every query command shares, after its own 0 and 1. */
const COMMON_CODES: ReadonlyArray<[number, string]> = [
  [EXIT.usage, 'usage error or bad input (unknown flag, malformed/empty/duplicate id)'],
  [EXIT.auth, 'configuration or authentication error (missing credentials, rejected signature or token)'],
  [EXIT.api, 'the service answered with an error (not found, bad parameter, API error code)'],
  [EXIT.network, 'network or protocol failure after retries (DNS, refused, TLS, timeout, 5xx, malformed body)'],
];

const TAIL_CODES: ReadonlyArray<[number, string]> = [
  [EXIT.internal, 'internal error (a bug: please report it with --debug output)'],
  [EXIT.ioError, 'output could not be written (disk full, I/O error; a reader that left early is not one)'],
  [EXIT.interrupted, 'interrupted (Ctrl-C); a wait still prints the last state it saw'],
  [EXIT.terminated, 'terminated (SIGTERM); likewise'],
];

/** 0, 1 and 6 as each kind of command means them (precheck's verdict is not a task phase). */
const OWN_CODES: Record<ExitCodeHelpOptions['waits'] | 'all', { ok: string; failed: string; timeout?: string }> = {
  until: {
    ok: 'every task queried; none failed; any --until condition met',
    failed: 'a task is in phase "failed", or can no longer meet --until',
    timeout: '--until ran out of time (--timeout) before its condition held',
  },
  wait: {
    ok: 'every precheck passed (or only warned, without --fail-on warning)',
    failed: 'a precheck failed (or warned, with --fail-on warning)',
    timeout: 'a precheck is still running: --wait ran out of time (--timeout), or without --wait it had not finished',
  },
  none: { ok: 'every task queried; none failed', failed: 'a task is in phase "failed"' },
  all: {
    ok: 'every task queried; none failed; any --until condition met',
    failed: 'a task is in phase "failed", or a precheck failed (or warned, with --fail-on warning)',
    timeout: 'a wait ran out of time before its condition held, or a precheck is still running',
  },
};

function formatCodes(own: (typeof OWN_CODES)[keyof typeof OWN_CODES]): string {
  const rows: Array<[number, string]> = [[EXIT.ok, own.ok], [EXIT.taskFailed, own.failed], ...COMMON_CODES];
  if (own.timeout) rows.push([EXIT.waitTimeout, own.timeout]);
  rows.push(...TAIL_CODES);
  return `Exit codes:\n${rows.map(([code, text]) => `  ${String(code).padEnd(5)}${text}`).join('\n')}`;
}

/** The exit codes one command can end with, for its --help. */
export function exitCodeHelp(opts: ExitCodeHelpOptions): string {
  return formatCodes(OWN_CODES[opts.waits]);
}

/** Every exit code, for `syncstat --help`. */
export const EXIT_CODE_HELP = formatCodes(OWN_CODES.all);
