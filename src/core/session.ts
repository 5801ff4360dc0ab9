import type { HttpClient, HttpRequest, HttpResponse } from './http.js';
import type { Logger } from './log.js';
import type { LoadedConfig } from './config.js';
import type { SecretRegistry } from './secrets.js';
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
  /** Where per-user caches live (Huawei IAM tokens). */
  cacheDir: string;
  /** The user's home: where the vendors' own CLIs and SDKs keep credentials. */
  homedir: string;
  /**
   * `syncstat config`: a config value referencing an unset ${NAME} leaves its setting unset (and says
   * so) instead of failing, so one service's missing variables do not hide the others' settings.
   */
  reportUnsetReferences?: boolean;
}

/**
 * One API call with the retry policy: `build` runs per attempt (fresh timestamps and signatures),
 * `interpret` turns the response into data or a typed error (retryable or not).
 */
export function callApi<T>(s: Session, build: () => HttpRequest | Promise<HttpRequest>, interpret: (res: HttpResponse) => T): Promise<T> {
  return withRetries(async () => interpret(await s.http.send(await build(), s.signal)), s.retry, {
    sleep: s.sleep,
    random: s.random,
    now: s.now,
    signal: s.signal,
    log: (m) => s.log.debug(m),
  });
}
