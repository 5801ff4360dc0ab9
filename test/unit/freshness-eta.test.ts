import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatEta } from '../../src/core/duration.js';
import { EtaTracker, formatRate } from '../../src/core/eta.js';
import { FreshnessTracker, lagFingerprint, nextFreshness, type FreshState } from '../../src/core/freshness.js';
import { makeResult, type Phase, type Result } from '../../src/core/model.js';
import { untilCondition } from '../../src/core/wait.js';

// The two trackers the wait engine (and an exporter) keep per task: lag freshness and load ETA.

const row = (over: Partial<Result> = {}): Result =>
  ({ ...makeResult({ provider: 'p', kind: 'k', id: 't', phase: 'syncing', status: 's', observedAt: '' }), ...over }) as Result;
const MIN = 60_000;

describe('FreshnessTracker', () => {
  it('a non-zero lag unchanged over the threshold and 3 polls is stale; changedAt is when it last changed', () => {
    const f = new FreshnessTracker({ staleAfterMs: 5 * MIN });
    expect(f.observe('a', row({ lagMs: 3000 }), 0)).toEqual({ stale: false, changedAt: 0 });
    expect(f.observe('a', row({ lagMs: 3000 }), 4 * MIN)).toEqual({ stale: false, changedAt: 0 });
    expect(f.observe('a', row({ lagMs: 3000 }), 5 * MIN)).toEqual({ stale: true, changedAt: 0 });
    expect(f.observe('a', row({ lagMs: 3100 }), 6 * MIN)).toEqual({ stale: false, changedAt: 6 * MIN });
  });

  it('3 polls are needed even when the time has passed (a slow interval), and the time even after many polls', () => {
    const f = new FreshnessTracker({ staleAfterMs: 5 * MIN });
    f.observe('a', row({ lagMs: 3000 }), 0);
    expect(f.observe('a', row({ lagMs: 3000 }), 10 * MIN).stale).toBe(false);
    expect(f.observe('a', row({ lagMs: 3000 }), 20 * MIN).stale).toBe(true);
    const g = new FreshnessTracker({ staleAfterMs: 5 * MIN });
    for (let t = 0; t < 5 * MIN; t += 1000) expect(g.observe('a', row({ lagMs: 3000 }), t).stale).toBe(false);
  });

  it('a moving position or counter keeps a steady lag fresh; status counts too', () => {
    const f = new FreshnessTracker({ staleAfterMs: MIN });
    for (let i = 0; i < 10; i++) expect(f.observe('a', row({ lagMs: 3000, details: { binlog: { name: 'b', position: i, gtid: null } } }), i * MIN).stale).toBe(false);
    for (let i = 0; i < 10; i++) expect(f.observe('b', row({ lagMs: 3000, details: { curCount: i } }), i * MIN).stale).toBe(false);
    expect(lagFingerprint(row({ lagMs: 1, status: 'x' }))).not.toBe(lagFingerprint(row({ lagMs: 1, status: 'y' })));
  });

  it('a lag of 0, or none, is never stale, and its changedAt is the latest poll', () => {
    const f = new FreshnessTracker({ staleAfterMs: MIN });
    for (const lagMs of [0, null]) for (let i = 0; i < 5; i++) expect(f.observe(`k${lagMs}`, row({ lagMs }), i * MIN)).toEqual({ stale: false, changedAt: i * MIN });
  });

  it('keys are independent; forget drops one', () => {
    const f = new FreshnessTracker({ staleAfterMs: 0, minPolls: 2 });
    f.observe('a', row({ lagMs: 5 }), 0);
    f.observe('b', row({ lagMs: 5 }), 0);
    expect(f.observe('a', row({ lagMs: 5 }), 1).stale).toBe(true);
    f.forget('b');
    expect(f.size).toBe(1);
    expect(f.observe('b', row({ lagMs: 5 }), 1).stale).toBe(false);
    expect(f.peek('a')).toEqual({ stale: true, changedAt: 0 });
    expect(f.peek('zz')).toBeUndefined();
  });

  it('nextFreshness: the same as a value, for a caller that keeps its own state (an exporter)', () => {
    let state: FreshState | undefined;
    for (const t of [0, MIN, 2 * MIN]) state = nextFreshness(state, row({ lagMs: 3000 }), t, { staleAfterMs: 2 * MIN });
    expect(state).toEqual({ fingerprint: lagFingerprint(row({ lagMs: 3000 })), changedAt: 0, polls: 3, stale: true });
    expect(nextFreshness(state, row({ lagMs: 2000 }), 3 * MIN).stale).toBe(false);
  });

  it('property: stale only if the same non-zero fingerprint was seen for >= minPolls polls spanning >= staleAfter', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(0, 1000, 2000), fc.integer({ min: 1, max: 4 * MIN })), { minLength: 1, maxLength: 30 }), (steps) => {
        const f = new FreshnessTracker({ staleAfterMs: 5 * MIN });
        let t = 0;
        const seen: Array<[number, number]> = [];
        for (const [lag, dt] of steps) {
          t += dt;
          seen.push([lag, t]);
          const { stale, changedAt } = f.observe('k', row({ lagMs: lag }), t);
          // The run of equal lags ending here.
          let i = seen.length - 1;
          while (i > 0 && seen[i - 1][0] === lag) i--;
          const run = seen.length - i;
          const expected = lag !== 0 && run >= 3 && t - seen[i][1] >= 5 * MIN;
          expect(stale).toBe(expected);
          expect(changedAt).toBe(lag === 0 ? t : seen[i][1]);
        }
      }),
    );
  });
});

describe('EtaTracker', () => {
  const load = (progress: number | null, over: Partial<Result> = {}) => row({ phase: 'running', progress, ...over });

  it('from the percentage: an ETA once 3 polls give a rising rate', () => {
    const e = new EtaTracker();
    expect(e.observe('a', load(40), 0)).toBeNull();
    expect(e.observe('a', load(41), MIN)).toBeNull();
    expect(e.observe('a', load(42), 2 * MIN)).toEqual({ etaMs: 58 * MIN, ratePctPerMin: expect.closeTo(1), leftPct: expect.closeTo(58) });
  });

  it('none when flat, going backwards, unknown, or not a load in progress', () => {
    const flat = new EtaTracker();
    for (let i = 0; i < 5; i++) expect(flat.observe('a', load(40), i * MIN)).toBeNull();
    const back = new EtaTracker();
    for (let i = 0; i < 5; i++) expect(back.observe('a', load(50 - i), i * MIN)).toBeNull();
    const unknown = new EtaTracker();
    for (let i = 0; i < 5; i++) expect(unknown.observe('a', load(null), i * MIN)).toBeNull();
    const syncing = new EtaTracker();
    for (let i = 0; i < 5; i++) expect(syncing.observe('a', load(i * 10, { phase: 'syncing' as Phase }), i * MIN)).toBeNull();
  });

  it('a new stage or a restarted load starts a new window: no ETA until 3 polls of it', () => {
    const e = new EtaTracker();
    for (let i = 0; i < 3; i++) e.observe('a', load(90 + i * 5, { stage: 'schema' }), i * MIN);
    expect(e.observe('a', load(0, { stage: 'full' }), 3 * MIN)).toBeNull();
    expect(e.observe('a', load(2, { stage: 'full' }), 4 * MIN)).toBeNull();
    expect(e.observe('a', load(4, { stage: 'full' }), 5 * MIN)!.etaMs).toBe(48 * MIN);
    expect(e.observe('a', load(1, { stage: 'full' }), 6 * MIN)).toBeNull();
  });

  it('counters win over the percentage where the row has them', () => {
    const e = new EtaTracker();
    for (let i = 0; i < 3; i++) e.observe('a', load(1, { details: { curCount: i * 100, totalCount: 1000 } }), i * MIN);
    expect(e.observe('a', load(1, { details: { curCount: 300, totalCount: 1000 } }), 3 * MIN)!.etaMs).toBe(7 * MIN);
  });

  it('the window slides: an old fast start does not hide a slow-down', () => {
    const e = new EtaTracker({ polls: 3, windowMs: 2 * MIN });
    const p = [0, 30, 60, 61, 62, 63];
    let last = null;
    for (let i = 0; i < p.length; i++) last = e.observe('a', load(p[i]), i * MIN);
    // The last 3 polls (over 2 minutes): 1%/min, 37% left.
    expect(last).toEqual({ etaMs: 37 * MIN, ratePctPerMin: expect.closeTo(1), leftPct: expect.closeTo(37) });
  });

  it('property: an ETA is positive and only for a load that rose over the window', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 20 }), (ps) => {
        const e = new EtaTracker();
        ps.forEach((p, i) => {
          const eta = e.observe('k', load(p), i * 10_000);
          if (eta) {
            expect(eta.etaMs).toBeGreaterThanOrEqual(0);
            expect(Number.isFinite(eta.etaMs)).toBe(true);
            expect(p).toBeLessThan(100);
            expect(i).toBeGreaterThanOrEqual(2);
          }
        });
      }),
    );
  });

  it('formats', () => {
    expect([formatEta(45_000), formatEta(12 * MIN), formatEta(130 * MIN), formatEta(50 * 60 * MIN)]).toEqual(['45s', '12m', '2h10m', '2d02h']);
    expect([formatRate(0.4), formatRate(0.04), formatRate(2.55), formatRate(12.4)]).toEqual(['0.4%/min', '0.04%/min', '2.5%/min', '12%/min']);
  });
});

describe('--for (untilCondition with holdMs)', () => {
  it('property: met exactly when the task has met the condition on every poll of the last holdMs', () => {
    const poll = fc.record({ dt: fc.integer({ min: 1000, max: 40_000 }), lagMs: fc.constantFrom(1000, 4000, 6000, null), phase: fc.constantFrom<Phase>('syncing', 'syncing', 'syncing', 'running', 'paused'), failed: fc.boolean() });
    fc.assert(
      fc.property(fc.array(poll, { minLength: 1, maxLength: 40 }), fc.integer({ min: 1000, max: 120_000 }), (polls, holdMs) => {
        const c = untilCondition({ until: 'syncing', maxLagMs: 5000, any: false, holdMs });
        let t = 0;
        let since: number | null = null;
        for (const p of polls) {
          t += p.dt;
          const report = p.failed
            ? { results: [], errors: [{ id: 't', provider: 'p', code: 'NETWORK', message: 'reset', requestId: null, exitCode: 5 }], raw: [], warnings: [] }
            : { results: [row({ phase: p.phase, lagMs: p.lagMs })], errors: [], raw: [], warnings: [] };
          const ok = !p.failed && p.phase === 'syncing' && p.lagMs !== null && p.lagMs <= 5000;
          since = ok ? (since ?? t) : null;
          const verdict = c.judge(report, t);
          if (verdict.state === 'failed') {
            expect(p.phase).toBe('paused');
            return;
          }
          expect(verdict.state === 'met').toBe(since !== null && t - since >= holdMs);
        }
      }),
    );
  });
});
