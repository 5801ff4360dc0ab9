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
  return paint[PHASE_COLOUR[phase]](phase);
}

const CHECK_COLOUR: Record<string, keyof Paint> = { success: 'green', warning: 'yellow', failure: 'red' };

export function paintCheck(paint: Paint, status: string | null): string {
  const colour = status !== null && Object.hasOwn(CHECK_COLOUR, status) ? CHECK_COLOUR[status] : undefined;
  return colour ? paint[colour](status!) : status ?? '-';
}
