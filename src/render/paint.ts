import type { Phase } from '../core/model.js';

/** Colour functions handed to renderers; identity functions when colour is off. */
export interface Paint {
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  magenta(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

const same = (s: string) => s;
export const NO_PAINT: Paint = { red: same, green: same, yellow: same, cyan: same, magenta: same, dim: same, bold: same };

const PHASE_COLOUR: Record<Phase, keyof Paint> = {
  pending: 'dim',
  running: 'cyan',
  syncing: 'green',
  succeeded: 'green',
  paused: 'yellow',
  failed: 'red',
  unknown: 'magenta',
};

export function paintPhase(paint: Paint, phase: Phase): string {
  return phasePaint(paint, phase)(phase);
}

/** The colour of a phase, as a function (for a table cell painted after layout). */
export function phasePaint(paint: Paint, phase: Phase): (s: string) => string {
  return paint[PHASE_COLOUR[phase]] ?? paint.magenta;
}

const CHECK_COLOUR: Record<string, keyof Paint> = { success: 'green', warning: 'yellow', failure: 'red' };

/** The colour of a check item's status, as a function; identity for a status with none. */
export function checkPaint(paint: Paint, status: string | null): ((s: string) => string) | undefined {
  // Own keys only: a status named like an Object.prototype member ("toString") has no colour.
  const colour = status !== null && Object.hasOwn(CHECK_COLOUR, status) ? CHECK_COLOUR[status] : undefined;
  return colour ? paint[colour] : undefined;
}
