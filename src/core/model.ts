/** The normalized result: one shape for every service (DESIGN.md). */

export const PHASES = ['pending', 'running', 'syncing', 'succeeded', 'paused', 'failed', 'unknown'] as const;
export type Phase = (typeof PHASES)[number];

/** A provider's name: a key of the registry (src/providers/index.ts exports the union of them). */
export type ProviderName = string;

export interface Result {
  provider: ProviderName;
  kind: string;
  id: string;
  phase: Phase;
  status: string | null;
  progress: number | null;
  lagMs: number | null;
  stage: string | null;
  message: string | null;
  observedAt: string;
  details: Record<string, unknown>;
}

export interface ErrorEntry {
  id: string;
  provider: ProviderName;
  code: string;
  message: string;
  requestId: string | null;
}

/** What one command run produced: rows, per-id errors, and the vendor bodies for --raw. */
export interface Report {
  results: Result[];
  errors: ReportedError[];
  raw: string[];
  /** Non-fatal notes for stderr (e.g. an automatic retry pending on the service side). */
  warnings: string[];
  /** The ids asked for, in the order given: every output lists results and errors in this order. */
  ids?: string[];
}

/** An error entry plus the exit code it implies (not serialized). */
export interface ReportedError extends ErrorEntry {
  exitCode: number;
  suggestion?: string;
  /** The service was never reached (refused, DNS, TLS): see WaitEnd 'unreachable'. */
  unreachable?: boolean;
  /** The error answer's body as received, for --raw. */
  rawBody?: string;
  /** `syncstat fleet`: the task-list entry this error is for (not serialized; rows carry it in details.fleet). */
  fleet?: FleetTag;
}

/** A task-list entry as `syncstat fleet` tags its rows (`details.fleet`). */
export interface FleetTag {
  service: string;
  /** The entry's id (an instance's rows each have their own). */
  id: string;
  name?: string;
  labels?: Record<string, string>;
}

type ResultInit = Omit<Result, 'progress' | 'lagMs' | 'stage' | 'message' | 'details'> &
  Partial<Pick<Result, 'progress' | 'lagMs' | 'stage' | 'message' | 'details'>>;

/** Builds a result with the documented key order and nulls for what the service did not say. */
export function makeResult(init: ResultInit): Result {
  return {
    provider: init.provider,
    kind: init.kind,
    id: init.id,
    phase: init.phase,
    status: init.status,
    progress: init.progress ?? null,
    lagMs: init.lagMs ?? null,
    stage: init.stage ?? null,
    message: init.message ?? null,
    observedAt: init.observedAt,
    details: init.details ?? {},
  };
}

/** Looks a raw vendor status up in a provider's state table; unknown values are kept, never fatal. */
export function phaseOf(table: Readonly<Record<string, Phase>>, status: string | null | undefined): Phase {
  if (status == null) return 'unknown';
  return Object.hasOwn(table, status) ? table[status] : 'unknown';
}

/** Numbers arrive as numbers or strings depending on the vendor's mood; anything else is null. */
export function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}
