import type { Command } from 'commander';
import { UNTIL_PHASES } from '../core/wait.js';

/** Options of the commands that can wait for or watch their tasks, as data. */
export const WAIT_OPTIONS: ReadonlyArray<{ flags: string; description: string }> = [
  { flags: '--until <condition>', description: `wait until every task is ${Object.keys(UNTIL_PHASES).join(' | ')} (exit 1 at once if it no longer can, 6 on timeout)` },
  { flags: '--max-lag <duration>', description: 'with --until: also require replication lag at or below this, e.g. 5s' },
  { flags: '--any', description: 'with --until: one task meeting the condition is enough' },
  { flags: '--watch', description: 'poll and show changes: a live table on a terminal, NDJSON change events otherwise' },
  { flags: '--interval <duration>', description: 'time between polls, with jitter (default 10s)' },
  { flags: '--heartbeat <duration>', description: 'off a terminal: a "still waiting" line on stderr this often (default 60s)' },
];

export const WAIT_HELP = `
Waiting (--until / --watch): --timeout is then the whole wait (default 30m); each request still times
out after --request-timeout (default 10s), and network errors during a wait are retried until the
wait's timeout.`;

export function addWaitOptions(cmd: Command): Command {
  for (const spec of WAIT_OPTIONS) cmd.option(spec.flags, spec.description);
  return cmd;
}

export interface WaitFlags {
  until?: string;
  maxLag?: string;
  any?: boolean;
  watch?: boolean;
  interval?: string;
  heartbeat?: string;
  timeout?: string;
}
