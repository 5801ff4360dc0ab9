import { describe, expect, it } from 'vitest';
import { NetworkError } from '../../src/core/errors.js';
import { Limiter, Limiters } from '../../src/core/limiter.js';
import { DEFAULT_RETRY, withRetries } from '../../src/core/retry.js';

/** A virtual clock whose sleeps advance it (and let other workers run). */
function clock() {
  let t = 0;
  return {
    now: () => t,
    sleep: async (ms: number) => {
      t += ms;
      await new Promise((r) => setImmediate(r));
    },
    random: () => 0.5,
  };
}

describe('Limiter: one throttled answer slows the whole pool', () => {
  it('halves the requests in flight on a throttled answer and pauses every worker until Retry-After', async () => {
    const c = clock();
    const limiter = new Limiter(8, c);
    await limiter.acquire();
    limiter.release({ throttled: true, retryAfterMs: 2000 });
    expect(limiter.capacity).toBe(4);
    expect(limiter.pauseLeft()).toBe(2200); // Retry-After plus jitter
    const started = c.now();
    await Promise.all([limiter.acquire(), limiter.acquire()]);
    expect(c.now() - started).toBeGreaterThanOrEqual(2200);
  });

  it('never lets more than `capacity` in flight, and grows back by one per `capacity` successes', async () => {
    const c = clock();
    const limiter = new Limiter(4, c);
    await limiter.acquire();
    limiter.release({ throttled: true });
    await limiter.acquire();
    limiter.release({ throttled: true });
    expect(limiter.capacity).toBe(1);
    let inFlight = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 12 }, async () => {
        await limiter.acquire();
        most = Math.max(most, ++inFlight);
        await c.sleep(10);
        inFlight--;
        limiter.release({ throttled: false });
      }),
    );
    expect(most).toBeLessThanOrEqual(4);
    expect(limiter.capacity).toBeGreaterThan(1);
  });
});

describe('withRetries: throttling is retried against the time budget, not the count', () => {
  const throttled = () => new NetworkError('throttling (HTTP 429)', { code: 'HTTP_429', throttled: true, retryAfterMs: 1000 });
  const deps = (c: ReturnType<typeof clock>, deadline?: number) => ({ ...c, log: () => {}, deadline });

  it('retries more throttled answers than --retries allows, and succeeds', async () => {
    const c = clock();
    let calls = 0;
    const value = await withRetries(async () => (++calls <= 6 ? Promise.reject(throttled()) : 'ok'), { ...DEFAULT_RETRY, retries: 1 }, deps(c));
    expect(value).toBe('ok');
    expect(calls).toBe(7);
  });

  it('stops at the deadline, saying how many attempts were made', async () => {
    const c = clock();
    await expect(withRetries(async () => Promise.reject(throttled()), DEFAULT_RETRY, deps(c, 5500))).rejects.toThrow(/past the --timeout \(gave up after 6 attempts\)/);
  });

  it('without a deadline, stops after the throttle budget', async () => {
    const c = clock();
    await expect(withRetries(async () => Promise.reject(throttled()), { ...DEFAULT_RETRY, throttleBudgetMs: 10_000 }, deps(c))).rejects.toThrow(/gave up after 11 attempts/);
  });

  it('other errors still count against --retries', async () => {
    const c = clock();
    let calls = 0;
    const failing = async () => {
      calls++;
      throw new NetworkError('HTTP 503', { code: 'HTTP_503' });
    };
    await expect(withRetries(failing, { ...DEFAULT_RETRY, retries: 2 }, deps(c))).rejects.toThrow(/gave up after 3 attempts/);
    expect(calls).toBe(3);
  });
});

describe('against a rate-limited simulator (ratelimit fault)', () => {
  it('200 ids at --concurrency 32 against 20 requests/s: every id answered, no retry budget lost', async () => {
    const { startVirtualSim, runVirtual } = await import('../inproc.js');
    const ids = Array.from({ length: 200 }, (_, i) => `rp-rate${String(i).padStart(8, '0')}`);
    const sim = await startVirtualSim({
      ninedata: { replications: Object.fromEntries(ids.map((id) => [id, { status: 'running', stage: 'inc_writer', delay: 100 }])) },
      faults: [{ type: 'ratelimit', service: 'ninedata', perSecond: 20 }],
    });
    try {
      const res = await runVirtual(sim, ['status', ...ids, '--concurrency', '32', '--json']);
      expect(res.code, res.stderr.slice(0, 500)).toBe(0);
      expect(JSON.parse(res.stdout).results).toHaveLength(200);
      const throttled = sim.requests.filter((r) => r.status === 429).length;
      // The whole pool slows down: far fewer throttled answers than requests.
      expect(throttled).toBeLessThan(200);
    } finally {
      await sim.close();
    }
  });
});

describe('Limiters: one per API host', () => {
  it('gives every URL of a host the same limiter, and another host its own', () => {
    const limiters = new Limiters(8, clock());
    const a = limiters.for('http://127.0.0.1:8080/openapi/v1/replication/status?replicationId=rp-div0t0awwobr');
    expect(limiters.for('http://127.0.0.1:8080/openapi/v1/replication/status?replicationId=rp-fullload0001')).toBe(a);
    expect(limiters.for('http://127.0.0.1:8080')).toBe(a);
    expect(limiters.for('https://127.0.0.1:8080/x')).toBe(a); // the host, whatever the scheme
    // An origin that starts like the last one asked for is another one.
    const b = limiters.for('http://h.example:80/x');
    const c = limiters.for('http://h.example:8080/x');
    expect(new Set([a, b, c]).size).toBe(3);
    expect(limiters.for('http://h.example/y')).toBe(b); // port 80 is http's own
    expect(limiters.for('http://127.0.0.1:8080?x')).toBe(a);
    expect(limiters.for('http://h.example:8080#y')).toBe(c);
  });
});
