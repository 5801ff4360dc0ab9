import { formatDuration } from '../../core/duration.js';
import { EXIT } from '../../core/exit-codes.js';
import type { Report, ReportedError } from '../../core/model.js';
import type { WaitCondition } from '../../core/wait.js';

/** The task status NineData reports while a precheck runs: the precheck endpoint still holds the previous run's result. */
export const PRECHECK_RUNNING_STATUS = 'preChecking';

/** Ids whose precheck is not final yet in a task-status report: still prechecking, or not answered (network). */
export function unsettled(report: Report): string[] {
  return [
    ...report.results.filter((r) => r.status === PRECHECK_RUNNING_STATUS).map((r) => r.id),
    ...report.errors.filter((e) => e.exitCode === EXIT.network).map((e) => e.id),
  ];
}

/**
 * `precheck --wait` as a condition of the one wait engine, judged on task-status polls: met once no
 * task is prechecking. An id the service answered with an error (not found) is settled: the precheck
 * query reports it. Rejected credentials end the wait.
 */
export const PRECHECK_FINISHED: WaitCondition = {
  describe: 'every precheck finished',
  activity: 'waiting for the precheck to finish',
  judge(report) {
    const fatal = report.errors.filter((e) => e.exitCode === EXIT.auth || e.exitCode === EXIT.usage);
    if (fatal.length) return { state: 'fatal', why: fatal.map((e) => `${e.id}: ${e.message}`) };
    const running = report.results.filter((r) => r.status === PRECHECK_RUNNING_STATUS).map((r) => `${r.id} is ${PRECHECK_RUNNING_STATUS}`);
    const unanswered = report.errors.filter((e) => e.exitCode === EXIT.network).map((e) => `${e.id}: ${e.message}`);
    return running.length || unanswered.length ? { state: 'waiting', why: [...running, ...unanswered] } : { state: 'met', why: [] };
  },
};

/**
 * One error per id whose precheck result cannot be trusted as this run's: still running when a
 * one-shot query asked (PRECHECK_RUNNING) or when a wait ran out (WAIT_TIMEOUT) or was interrupted.
 * Exit 6 either way: the condition "precheck finished" did not hold in the time given. Its precheck is
 * not reported: mid-run the endpoint may still hold the previous run's verdict.
 */
export function unfinishedErrors(ids: readonly string[], how: 'running' | 'timeout' | 'interrupted', elapsedMs: number, lastSeen: (id: string) => string): ReportedError[] {
  const TEXT = {
    running: { code: 'PRECHECK_RUNNING', message: () => 'the precheck is still running (task status preChecking); its previous result is not this run\'s', suggestion: 'Wait for it with --wait (and --timeout)', exitCode: EXIT.waitTimeout },
    timeout: { code: 'WAIT_TIMEOUT', message: (id: string) => `timed out after ${formatDuration(elapsedMs)} waiting for the precheck to finish (last seen: ${lastSeen(id)})`, suggestion: 'Give it longer with --timeout (the whole wait), or run without --wait to see what the endpoint says now', exitCode: EXIT.waitTimeout },
    interrupted: { code: 'INTERRUPTED', message: (id: string) => `interrupted after ${formatDuration(elapsedMs)} waiting for the precheck to finish (last seen: ${lastSeen(id)})`, suggestion: undefined, exitCode: EXIT.interrupted },
  }[how];
  return ids.map((id) => ({ id, provider: 'ninedata', code: TEXT.code, message: TEXT.message(id), requestId: null, exitCode: TEXT.exitCode, ...(TEXT.suggestion ? { suggestion: TEXT.suggestion } : {}) }));
}
