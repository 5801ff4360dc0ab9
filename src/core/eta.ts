import type { Result } from './model.js';

/**
 * When will a full load finish? From the progress rate over recent polls: a sliding window of the
 * last `polls` samples, or of `windowMs`, whichever reaches further back (a fast interval still sees a
 * couple of minutes; a slow one still sees a few polls). Rows copied over rows to copy where the row
 * carries them (details.curCount / details.totalCount: finer than a rounded percentage), else the
 * percentage. No ETA while progress is flat, unknown or going backwards, or from fewer than
 * `minSamples` polls (one step is not a rate).
 */

export interface EtaOptions {
  polls?: number;
  windowMs?: number;
  minSamples?: number;
}

export interface Eta {
  /** Milliseconds until the load is done at the current rate. */
  etaMs: number;
  /** Percent per minute. */
  ratePctPerMin: number;
  /** Percent still to do. */
  leftPct: number;
}

interface Sample {
  t: number;
  /** Done, 0–1. */
  done: number;
}

interface Track {
  /** 'count' or 'percent', and the stage: a row that switches either starts a new window. */
  measure: string;
  samples: Sample[];
}

/** How far along a full load is (0–1) and by which measure; null when the row is not a load in progress. */
export function loadDone(r: Result): { done: number; measure: string } | null {
  if (r.phase !== 'running') return null;
  const cur = r.details.curCount;
  const total = r.details.totalCount;
  if (typeof cur === 'number' && typeof total === 'number' && total > 0 && cur >= 0 && cur <= total) return { done: cur / total, measure: 'count' };
  if (r.progress === null || r.progress < 0 || r.progress > 100) return null;
  return { done: r.progress / 100, measure: 'percent' };
}

export class EtaTracker {
  private readonly polls: number;
  private readonly windowMs: number;
  private readonly minSamples: number;
  private readonly tracks = new Map<string, Track>();

  constructor(opts: EtaOptions = {}) {
    this.polls = opts.polls ?? 5;
    this.windowMs = opts.windowMs ?? 120_000;
    this.minSamples = opts.minSamples ?? 3;
  }

  /** Records one poll's row of a task and returns its ETA, or null when there is none to give. */
  observe(key: string, r: Result, now: number): Eta | null {
    const at = loadDone(r);
    if (!at) {
      this.tracks.delete(key);
      return null;
    }
    // A new stage (schema, then full) or a measure that went backwards (a restarted load) starts a new window.
    const measure = `${at.measure}:${r.stage ?? ''}`;
    let track = this.tracks.get(key);
    const last = track?.samples.at(-1);
    if (!track || track.measure !== measure || (last && at.done < last.done)) this.tracks.set(key, (track = { measure, samples: [] }));
    const samples = track.samples;
    if (samples.length && samples[samples.length - 1].t >= now) samples.pop();
    samples.push({ t: now, done: at.done });
    // Keep the last `polls` samples, and any older ones still inside the window.
    while (samples.length > this.polls && samples[0].t < now - this.windowMs) samples.shift();
    if (samples.length < this.minSamples || at.done >= 1) return null;
    const first = samples[0];
    const rate = (at.done - first.done) / (now - first.t); // per ms
    if (!(rate > 0)) return null;
    return { etaMs: Math.round((1 - at.done) / rate), ratePctPerMin: rate * 100 * 60_000, leftPct: (1 - at.done) * 100 };
  }

  forget(key: string): void {
    this.tracks.delete(key);
  }
}

/** A rate in percent per minute, with the precision a small one needs: "0.4%/min", "12%/min". */
export function formatRate(pctPerMin: number): string {
  const digits = pctPerMin >= 10 ? 0 : pctPerMin >= 1 ? 1 : pctPerMin >= 0.1 ? 1 : 2;
  return `${pctPerMin.toFixed(digits)}%/min`;
}
