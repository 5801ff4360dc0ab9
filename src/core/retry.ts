import { InterruptedError, SyncstatError } from './errors.js';
import { formatDuration } from './duration.js';

export interface RetryPolicy {
  /** Further attempts after the first. */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A server asking for longer than this is not waited for. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 3, baseDelayMs: 300, maxDelayMs: 8000, maxRetryAfterMs: 60_000 };

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
 * Retry-After when given, else exponential backoff with full jitter.
 */
export async function withRetries<T>(attempt: (n: number) => Promise<T>, policy: RetryPolicy, deps: RetryDeps): Promise<T> {
  for (let n = 0; ; n++) {
    try {
      return await attempt(n);
    } catch (err) {
      if (deps.signal?.aborted) throw new InterruptedError();
      if (!(err instanceof SyncstatError) || !err.retryable || n >= policy.retries) throw err;
      const delay = backoffDelay(n, err.retryAfterMs, policy, deps.random);
      if (deps.deadline !== undefined && deps.now() + delay > deps.deadline) throw err;
      deps.log(`retry ${n + 1}/${policy.retries} in ${formatDuration(delay)} after: ${err.message}`);
      await deps.sleep(delay, deps.signal);
    }
  }
}

export function backoffDelay(n: number, retryAfterMs: number | undefined, policy: RetryPolicy, random: () => number): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxRetryAfterMs);
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** n);
  return Math.round(random() * cap);
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
