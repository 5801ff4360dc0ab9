import { formatDuration } from '../../core/duration.js';
import { InterruptedError } from '../../core/errors.js';
import { EXIT } from '../../core/exit-codes.js';
import type { Report, ReportedError } from '../../core/model.js';
import type { Session } from '../../core/session.js';
import { pollUntil, type PollOptions } from '../../core/wait.js';
import { queryStatus } from './index.js';

/** The task status NineData reports while a precheck runs (its precheck result is not final yet). */
export const PRECHECK_RUNNING_STATUS = 'preChecking';

/** One poll's view: the ids still prechecking (or unreachable), each with its last state in words. */
export interface PrecheckWaitPoll {
  pending: string[];
  states: Map<string, string>;
}

export interface PrecheckWaitOutcome {
  /** Ids that were prechecking at the first poll. */
  waitedFor: string[];
  /** Ids still prechecking (or unreachable) when the wait ran out; empty when it did not. */
  stillRunning: string[];
  /** Each id's last state in words. */
  lastStates: Map<string, string>;
  elapsedMs: number;
  polls: number;
}

/**
 * Reads one poll: an id is settled once its task status is anything but `preChecking`, or the service
 * answered with an error the precheck query will report anyway (not found, credentials). Network
 * errors are waited out, as every other wait does.
 */
export function settle(report: Report, pending: readonly string[]): PrecheckWaitPoll {
  const states = new Map<string, string>();
  const still = new Set<string>();
  for (const r of report.results) {
    if (r.status === PRECHECK_RUNNING_STATUS) still.add(r.id);
    states.set(r.id, `${r.id} is ${r.status ?? '-'}`);
  }
  for (const e of report.errors) {
    if (e.exitCode === EXIT.network) still.add(e.id);
    states.set(e.id, `${e.id}: ${e.message}`);
  }
  return { pending: pending.filter((id) => still.has(id)), states };
}

/**
 * Polls each task's replication status until none is prechecking, querying only the ids still
 * running. When time runs out the outcome lists the ids still running (see timedOutErrors); Ctrl-C
 * throws InterruptedError. Never prints: `onPoll` lets the caller show progress.
 */
export async function waitForPrechecks(
  s: Session,
  ids: string[],
  opts: PollOptions,
  onPoll?: (poll: PrecheckWaitPoll, nextInMs: number | null) => void,
): Promise<PrecheckWaitOutcome> {
  const started = s.now();
  let pending = [...ids];
  const last = new Map<string, string>();
  let waitedFor: string[] | null = null;
  let polls = 0;
  const lastStates = () => pending.map((id) => last.get(id) ?? `${id} not answered yet`).join('; ');

  try {
    await pollUntil(
      async () => {
        polls++;
        const poll = settle(await queryStatus(s, pending), pending);
        for (const [id, state] of poll.states) last.set(id, state);
        waitedFor ??= poll.pending;
        pending = poll.pending;
        return poll;
      },
      (poll) => poll.pending.length === 0,
      opts,
      s,
      onPoll,
    );
  } catch (err) {
    if (err instanceof InterruptedError) throw new InterruptedError(`interrupted after ${formatDuration(s.now() - started)} waiting for the precheck to finish${pending.length ? `: ${lastStates()}` : ''}`);
    throw err;
  }
  return { waitedFor: waitedFor ?? [], stillRunning: pending, lastStates: last, elapsedMs: s.now() - started, polls };
}

/**
 * One error per id whose precheck was still running when the wait ran out (exit 6). Its precheck is not
 * queried: mid-run the endpoint may still hold the previous run's verdict, and a CI report must not
 * show that as this run's.
 */
export function timedOutErrors(outcome: PrecheckWaitOutcome): ReportedError[] {
  return outcome.stillRunning.map((id) => ({
    id,
    provider: 'ninedata',
    code: 'WAIT_TIMEOUT',
    message: `timed out after ${formatDuration(outcome.elapsedMs)} waiting for the precheck to finish (last seen: ${outcome.lastStates.get(id) ?? "no answer"})`,
    requestId: null,
    exitCode: EXIT.waitTimeout,
    suggestion: 'Give it longer with --timeout (the whole wait with --wait), or run without --wait to see what the endpoint says now',
  }));
}
