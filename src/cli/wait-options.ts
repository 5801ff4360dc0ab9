import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { UNTIL_PHASES } from '../core/wait.js';

/** Options of the commands that can wait for or watch their tasks, as data. */
export const WAIT_OPTIONS: ReadonlyArray<{ flags: string; description: string }> = [
  { flags: '--until <condition>', description: `wait until every task is ${Object.keys(UNTIL_PHASES).join(' | ')} (exit 1 at once if it no longer can, 6 on timeout)` },
  { flags: '--max-lag <duration>', description: 'with --until: also require replication lag at or below this, e.g. 5s' },
  { flags: '--for <duration>', description: 'with --until: each task must meet the condition (phase, and --max-lag) on every poll for this long, e.g. 2m (a spike, a stale lag or a failed poll restarts its hold)' },
  { flags: '--any', description: 'with --until: one task meeting the condition is enough' },
  { flags: '--fail-early', description: 'with --until: exit 6 at once when a full load, at its rate, cannot finish before --timeout (default: a warning)' },
  { flags: '--stale-after <duration>', description: 'with --until/--watch: a non-zero lag the service has not refreshed for this long (and 3 polls) is stale, never "caught up" (env SYNCSTAT_STALE_AFTER, config staleAfter; default 5m)' },
  { flags: '--watch', description: 'poll and show changes until stopped (or --until / --timeout): a live table on a terminal, NDJSON change events otherwise; -o table|tsv|ndjson picks' },
  { flags: '--interval <duration>', description: 'with --until/--watch: time between polls, with jitter (default 10s, at least 1s)' },
  { flags: '--heartbeat <duration>', description: 'with --until/--watch, off a terminal: a "still waiting" line on stderr this often (default 60s)' },
];

export const WAIT_HELP = `
Waiting (--until / --watch): --timeout bounds the whole wait (default 30m for --until; a bare --watch
runs until Ctrl-C unless --timeout is given); --request-timeout bounds each HTTP attempt (default 10s).
A service that never answers (refused, DNS, TLS) ends the wait at once with exit 5; once it has
answered, network errors are retried until the wait's timeout. Ctrl-C exits 130, SIGTERM 143, and a
wait still prints the last state it saw. --max-lag counts only a syncing task's lag, never a stale
one; tasks of a service that reports no lag are judged on their phase. A full load shows its ETA.`;

/**
 * One example per wait flag, after a command's own: `base` is its first example's command and id;
 * `lag`: whether the service reports a lag (else --for holds the phase, and nothing goes stale).
 */
export function waitExamples(base: string, lag: boolean): string[] {
  return [
    lag ? `${base} --until syncing --max-lag 5s --for 2m   # lag <= 5s on every poll for 2 minutes` : `${base} --until syncing --for 2m   # syncing on every poll for 2 minutes`,
    ...(lag ? [`${base} --watch --stale-after 10m   # a lag unchanged for 10m shows as stale`] : []),
    `${base} --until syncing --timeout 1h --fail-early   # exit 6 at once if a full load cannot end in 1h`,
  ];
}

export function addWaitOptions(cmd: Command): Command {
  for (const spec of WAIT_OPTIONS) cmd.option(spec.flags, spec.description);
  return cmd;
}

export interface WaitFlags {
  until?: string;
  maxLag?: string;
  any?: boolean;
  watch?: boolean;
  /** precheck's --wait. */
  wait?: boolean;
  interval?: string;
  heartbeat?: string;
  timeout?: string;
  for?: string;
  failEarly?: boolean;
  staleAfter?: string;
}

/** Flags that only mean something while waiting, and what they need: one rule for every command. */
const WAIT_ONLY: ReadonlyArray<{ key: keyof WaitFlags; flag: string; needs: 'until' | 'wait'; example: string }> = [
  { key: 'maxLag', flag: '--max-lag', needs: 'until', example: '--until syncing --max-lag 5s' },
  // --for holds the whole --until condition: the lag under --max-lag, and the phase alone for a
  // service that reports no lag (a job syncing for 2 minutes).
  { key: 'for', flag: '--for', needs: 'until', example: '--until syncing --max-lag 5s --for 2m' },
  { key: 'any', flag: '--any', needs: 'until', example: '--until syncing --any' },
  { key: 'failEarly', flag: '--fail-early', needs: 'until', example: '--until syncing --timeout 1h --fail-early' },
  { key: 'staleAfter', flag: '--stale-after', needs: 'wait', example: '--stale-after 10m' },
  { key: 'interval', flag: '--interval', needs: 'wait', example: '--interval 30s' },
  { key: 'heartbeat', flag: '--heartbeat', needs: 'wait', example: '--heartbeat 5m' },
];

/**
 * A wait-only flag without a wait is a usage error (exit 2), never silently ignored. `waitFlags` names
 * how the command waits: ['--until', '--watch'] for the query commands, ['--wait'] for precheck.
 */
export function checkWaitFlags(flags: WaitFlags, waitFlags: readonly string[]): void {
  const waiting = Boolean(flags.until || flags.watch || flags.wait);
  for (const rule of WAIT_ONLY) {
    if (flags[rule.key] === undefined || flags[rule.key] === false) continue;
    if (rule.needs === 'until' && !flags.until) throw new UsageError(`${rule.flag} needs --until`, { suggestion: `e.g. ${rule.example}` });
    if (rule.needs === 'wait' && !waiting) {
      const how = waitFlags.join(' or ');
      throw new UsageError(`${rule.flag} needs ${how}`, { suggestion: `e.g. ${waitFlags[0]}${waitFlags[0] === '--until' ? ' syncing' : ''} ${rule.example}` });
    }
  }
}
