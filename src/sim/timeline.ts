import type { Ramp, SimTask, TimelineStep } from './types.js';

function isRamp(value: unknown): value is Ramp {
  return typeof value === 'object' && value !== null && typeof (value as Ramp).from === 'number' && typeof (value as Ramp).to === 'number';
}

/**
 * The task's fields at `elapsedMs` into the scenario: static fields, overridden by the current
 * timeline step, with `{from, to}` ramps interpolated over the step. After the last step ends, its
 * final values hold.
 */
export function taskStateAt(task: SimTask, elapsedMs: number): Record<string, unknown> {
  const { timeline, ...base } = task;
  if (!timeline?.length) return resolveRamps(base, 1);
  let start = 0;
  for (let i = 0; i < timeline.length; i++) {
    const step = timeline[i];
    const lengthMs = (step.for ?? Infinity) * 1000;
    const isLast = i === timeline.length - 1;
    if (elapsedMs < start + lengthMs || isLast) {
      const fraction = lengthMs === Infinity || lengthMs === 0 ? 1 : Math.min(1, (elapsedMs - start) / lengthMs);
      return resolveRamps({ ...base, ...withoutFor(step) }, fraction);
    }
    start += lengthMs;
  }
  return resolveRamps(base, 1);
}

function withoutFor(step: TimelineStep): Record<string, unknown> {
  const { for: _ignored, ...fields } = step;
  return fields;
}

function resolveRamps(fields: Record<string, unknown>, fraction: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) out[k] = isRamp(v) ? Math.round((v.from + (v.to - v.from) * fraction) * 100) / 100 : v;
  return out;
}
