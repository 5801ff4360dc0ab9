import type { HttpClient, HttpRequest, HttpResponse } from './http.js';
import type { Logger } from './log.js';
import type { LoadedConfig } from './config.js';
import type { SecretRegistry } from './secrets.js';
import { NetworkError, SyncstatError } from './errors.js';
import type { Limiters } from './limiter.js';
import { withRetries, type RetryPolicy } from './retry.js';

/**
 * Everything a provider call needs, injected: no provider reads process.env, the clock or the network
 * on its own, so tests control all of it.
 */
export interface Session {
  env: Record<string, string | undefined>;
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  random(): number;
  signal?: AbortSignal;
  http: HttpClient;
  log: Logger;
  secrets: SecretRegistry;
  retry: RetryPolicy;
  concurrency: number;
  config: LoadedConfig;
  profile: string;
  /** Parsed command-line options of the running command. */
  flags: Record<string, unknown>;
  /** Where per-user caches live (e.g. IAM tokens). */
  cacheDir: string;
  /** The user's home: where the vendors' own CLIs and SDKs keep credentials. */
  homedir: string;
  /** Epoch ms (by `now`) when the command's --timeout runs out: no attempt or sleep outlives it. */
  deadline?: number;
  /**
   * `syncstat config`: a config value referencing an unset ${NAME} leaves its setting unset (and says
   * so) instead of failing, so one service's missing variables do not hide the others' settings.
   */
  reportUnsetReferences?: boolean;
  /** One limiter per API host: a throttled answer slows every worker talking to that service. */
  limiters?: Limiters;
  /**
   * --raw: keep the vendor's bodies (report.raw, an error's rawBody) to print them. Otherwise none is
   * kept past the parse: a fleet of thousands of tasks, polled for hours, holds rows, not bodies.
   */
  keepRaw?: boolean;
}

/**
 * One API call with the retry policy: `build` runs per attempt (fresh timestamps and signatures),
 * `interpret` turns the response into data or a typed error (retryable or not).
 */
export function callApi<T>(s: Session, build: () => HttpRequest | Promise<HttpRequest>, interpret: (res: HttpResponse) => T): Promise<T> {
  const attempt = async () => {
    // Awaited only when they are promises: a query of thousands of ids runs this per request.
    const built = build();
    let req = built instanceof Promise ? await built : built;
    const limiter = s.limiters?.for(req.url);
    const acquired = limiter?.acquire() ?? false;
    const waited = acquired instanceof Promise ? await acquired : acquired;
    let outcome: { throttled: boolean; retryAfterMs?: number } = { throttled: false };
    try {
      // A wait for the service's sake makes timestamps and signatures stale: build the request again.
      if (waited) req = await build();
      const remaining = s.deadline === undefined ? undefined : s.deadline - s.now();
      if (remaining !== undefined && remaining <= 0) {
        throw new NetworkError('the --timeout ran out before a request could be sent', { code: 'TIMEOUT', retryable: false, suggestion: 'Give the command longer with --timeout' });
      }
      const res = await s.http.send(req, { timeoutMs: remaining });
      try {
        return interpret(res);
      } catch (err) {
        // --raw prints what the service said, errors included.
        if (err instanceof SyncstatError && res.body !== '') err.rawBody ??= res.body;
        throw err;
      }
    } catch (err) {
      if (err instanceof SyncstatError && err.throttled) outcome = { throttled: true, retryAfterMs: err.retryAfterMs };
      throw err;
    } finally {
      limiter?.release(outcome);
    }
  };
  return withRetries(attempt, s.retry, {
    sleep: s.sleep,
    random: s.random,
    now: s.now,
    signal: s.signal,
    deadline: s.deadline,
    log: (m) => s.log.debug(m),
  });
}
