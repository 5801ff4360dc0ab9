import { InterruptedError, SyncstatError } from './errors.js';
import { formatDuration } from './duration.js';

export interface RetryPolicy {
  /** Further attempts after the first. */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A server asking for longer than this is not waited for. */
  maxRetryAfterMs: number;
  /**
   * Throttled answers (429, a vendor's throttling code) do not use up `retries`: they are retried for
   * as long as the command's deadline allows, or this long from the first attempt without one.
   */
  throttleBudgetMs: number;
  /** And never more throttled attempts than this, whatever the clock says. */
  maxThrottledAttempts: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 3, baseDelayMs: 300, maxDelayMs: 8000, maxRetryAfterMs: 60_000, throttleBudgetMs: 120_000, maxThrottledAttempts: 100 };

export interface RetryDeps {
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  random(): number;
  log(message: string): void;
  signal?: AbortSignal;
  /** Epoch ms after which no new attempt starts (overall deadline). */
  deadline?: number;
  now(): number;
}

/**
 * Runs `attempt` until it succeeds or fails for good. Only errors marked retryable are retried
 * (network, 429, 5xx, throttling codes); a rejected credential never is. Delay: the server's
 * Retry-After when given, else exponential backoff with full jitter. No sleep outlives the deadline,
 * and a Retry-After longer than the policy allows is not waited for at all: the error says so, and
 * how many attempts were made.
 */
export async function withRetries<T>(attempt: (n: number) => Promise<T>, policy: RetryPolicy, deps: RetryDeps): Promise<T> {
  const started = deps.now();
  // Failures counted against `retries`; throttled answers count against the time budget instead.
  let failures = 0;
  for (let n = 0; ; n++) {
    try {
      return await attempt(n);
    } catch (err) {
      if (deps.signal?.aborted) throw new InterruptedError();
      if (!(err instanceof SyncstatError)) throw err;
      const counted = err.throttled ? failures : failures + 1;
      const outOfTries = !err.retryable || (err.throttled ? n + 1 >= policy.maxThrottledAttempts : counted > policy.retries);
      // Backoff grows with each throttled answer too, though they do not use up --retries.
      const delay = backoffDelay(err.throttled ? n : failures, err.retryAfterMs, policy, deps.random);
      const stop = outOfTries ? '' : whyNotRetry(err, delay, policy, { ...deps, deadline: deps.deadline ?? (err.throttled ? started + policy.throttleBudgetMs : undefined) });
      if (outOfTries || stop) throw gaveUp(err, n + 1, stop);
      failures = counted;
      deps.log(`retry ${err.throttled ? '(throttled)' : `${failures}/${policy.retries}`} in ${formatDuration(delay)} after: ${err.message}`);
      await deps.sleep(delay, deps.signal);
      if (deps.signal?.aborted) throw new InterruptedError();
    }
  }
}

/** Why a retryable error is not retried after `delay` ('' when it is). */
function whyNotRetry(err: SyncstatError, delay: number, policy: RetryPolicy, deps: RetryDeps): string {
  if (err.retryAfterMs !== undefined && err.retryAfterMs > policy.maxRetryAfterMs) return `the service asks to retry after ${formatDuration(err.retryAfterMs)} (Retry-After), longer than syncstat waits (${formatDuration(policy.maxRetryAfterMs)})`;
  if (deps.deadline !== undefined && deps.now() + delay > deps.deadline) {
    return err.retryAfterMs !== undefined ? `the service asks to retry after ${formatDuration(err.retryAfterMs)} (Retry-After), past the --timeout` : 'the --timeout leaves no time for another attempt';
  }
  return '';
}

function gaveUp(err: SyncstatError, attempts: number, why: string): SyncstatError {
  err.attempts = attempts;
  if (why) err.message += `; not retried: ${why}`;
  if (attempts > 1) err.message += ` (gave up after ${attempts} attempts)`;
  return err;
}

export function backoffDelay(n: number, retryAfterMs: number | undefined, policy: RetryPolicy, random: () => number): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxRetryAfterMs);
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** n);
  return Math.round(random() * cap);
}

/** Retry-After is either delta-seconds or an HTTP date. Zero, negative or past values mean "use normal backoff". */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  const ms = /^\d+(\.\d+)?$/.test(v) ? Math.round(Number(v) * 1000) : Date.parse(v) - now;
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}
