/**
 * One limiter per service (per API host) for the whole run: when the service throttles one request
 * (HTTP 429, a vendor's throttling code), every worker backs off, not just the one that was told.
 *
 * - A shared "not before": after a throttled answer no request to that service starts until the
 *   server's Retry-After (or a jittered backoff) has passed.
 * - AIMD on requests in flight: a throttled answer halves how many may be in flight (at least one);
 *   every `allowed` successes since raise it by one again, up to the configured concurrency.
 */
export interface LimiterDeps {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  random(): number;
  signal?: AbortSignal;
  /** Told of each throttled answer, with the limiter's API host (an exporter counts them). */
  onThrottled?(host: string): void;
}

/** Backoff after a throttled answer with no Retry-After, before jitter. */
const THROTTLE_BACKOFF_MS = 1000;

export class Limiter {
  private allowed: number;
  private max: number;
  private inFlight = 0;
  private notBefore = 0;
  private successes = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    max: number,
    private readonly deps: LimiterDeps,
    /** The API host it limits (for `deps.onThrottled`). */
    private readonly host = '',
  ) {
    this.max = max;
    this.allowed = max;
  }

  /** Lowers the most requests in flight (a service's own concurrency); never raises it. */
  capTo(max: number): void {
    this.max = Math.min(this.max, max);
    this.allowed = Math.min(this.allowed, this.max);
  }

  /** Requests this limiter lets into flight now (for --debug and tests). */
  get capacity(): number {
    return this.allowed;
  }

  /** Milliseconds until requests may start again (0 when they may now). */
  pauseLeft(): number {
    return Math.max(0, this.notBefore - this.deps.now());
  }

  /**
   * Waits for a place in flight and for any pause the service asked for; then the request may start.
   * True when it had to wait (a request built before then has stale timestamps and signatures).
   * Answers at once, without a promise, in the common case: a place is free and no pause is asked for.
   */
  acquire(): boolean | Promise<boolean> {
    if (this.inFlight < this.allowed && this.pauseLeft() === 0) {
      this.inFlight++;
      return false;
    }
    return this.waitForPlace();
  }

  private async waitForPlace(): Promise<boolean> {
    let waited = false;
    while (this.inFlight >= this.allowed) {
      waited = true;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.inFlight++;
    for (let left = this.pauseLeft(); left > 0 && !this.deps.signal?.aborted; left = this.pauseLeft()) {
      waited = true;
      const before = this.deps.now();
      await this.deps.sleep(left, this.deps.signal);
      if (this.deps.now() === before) break; // a clock that did not move (a test's): do not spin
    }
    return waited;
  }

  /** Ends a request: `throttled` when the service said to slow down, with its Retry-After if any. */
  release(outcome: { throttled: boolean; retryAfterMs?: number }): void {
    this.inFlight--;
    if (outcome.throttled) {
      this.deps.onThrottled?.(this.host);
      this.successes = 0;
      this.allowed = Math.max(1, Math.floor(this.allowed / 2));
      // Jitter spreads the restart, so the workers do not all hit the service in the same millisecond.
      const pause = (outcome.retryAfterMs ?? THROTTLE_BACKOFF_MS) * (1 + 0.2 * this.deps.random());
      this.notBefore = Math.max(this.notBefore, this.deps.now() + pause);
    } else if (++this.successes >= this.allowed && this.allowed < this.max) {
      this.successes = 0;
      this.allowed++;
    }
    // A woken waiter checks again for a place (acquire loops), so waking one too many is harmless.
    for (let free = this.allowed - this.inFlight; free > 0 && this.waiting.length; free--) this.waiting.shift()!();
  }
}

/** The run's limiters, one per API host, made on first use. */
export class Limiters {
  private readonly byHost: Map<string, Limiter>;

  constructor(
    private readonly max: number,
    private readonly deps: LimiterDeps,
    shared?: Map<string, Limiter>,
  ) {
    this.byHost = shared ?? new Map();
  }

  /**
   * The same limiters, for a service with its own lower cap: a host it talks to keeps at most `max`
   * requests in flight (the lowest cap any service asked of that host).
   */
  capped(max: number): Limiters {
    return max >= this.max ? this : new Limiters(max, this.deps, this.byHost);
  }

  /** Origins already seen, to their host's limiter: no URL parsing per request. */
  private readonly byOrigin = new Map<string, Limiter>();

  /** The last origin asked for: a run's requests mostly go to one service. */
  private last: { origin: string; limiter: Limiter } | undefined;

  for(url: string): Limiter {
    const last = this.last;
    if (last && url.startsWith(last.origin) && END_OF_ORIGIN.test(url.charAt(last.origin.length))) return last.limiter;
    const origin = ORIGIN.exec(url)?.[0];
    if (origin === undefined) return this.limiterFor(url, url);
    const limiter = this.limiterFor(origin, url);
    this.last = { origin, limiter };
    return limiter;
  }

  private limiterFor(origin: string, url: string): Limiter {
    let limiter = this.byOrigin.get(origin);
    if (limiter) return limiter;
    let host: string;
    try {
      host = new URL(url).host;
    } catch {
      host = url;
    }
    limiter = this.byHost.get(host);
    if (!limiter) this.byHost.set(host, (limiter = new Limiter(this.max, this.deps, host)));
    else limiter.capTo(this.max);
    this.byOrigin.set(origin, limiter);
    return limiter;
  }
}

/** "scheme://authority" of a URL. */
const ORIGIN = /^[a-z][a-z0-9+.-]*:\/\/[^/?#\\]*/i;
/** What may follow an origin in a URL (the character after it; '' at the end). */
const END_OF_ORIGIN = /^[/?#\\]?$/;
