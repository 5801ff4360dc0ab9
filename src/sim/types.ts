import type { IncomingHttpHeaders } from 'node:http';

/** A simulated service is a provider's: its name is the provider's (a key of src/providers/index.ts). */
export type SimServiceName = string;

export interface SimRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  /** Host header as the client sent it (a service may sign it). */
  host: string;
}

export interface SimReply {
  status: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON; a Buffer as its bytes. */
  body: string | object;
}

/** What a service handler can see: the scenario and the scenario clock. */
export interface SimContext {
  scenario: Scenario;
  /** Milliseconds since the simulator started (scenario timelines are relative to it). */
  elapsedMs(): number;
  /** Wall clock, for auth timestamp checks. */
  now(): number;
  requestId(): string;
}

/** One API family served by the simulator. */
export interface SimService {
  name: SimServiceName;
  matches(req: SimRequest): boolean;
  handle(req: SimRequest, ctx: SimContext): SimReply | Promise<SimReply>;
  /** The service's own throttling answer (defaults to HTTP 429 with Retry-After). */
  throttle?(retryAfterS: number, ctx: SimContext): SimReply;
}

/** A value in a timeline step may ramp linearly over the step: `{ "from": 0, "to": 100 }`. */
export type Ramp = { from: number; to: number };

/** One step of a lifecycle: lasts `for` seconds (the last step lasts forever); other keys are task fields. */
export interface TimelineStep {
  for?: number;
  [field: string]: unknown;
}

/** A task: static fields, optionally a timeline whose current step's fields override them. */
export interface SimTask {
  timeline?: TimelineStep[];
  [field: string]: unknown;
}

export type FaultType = 'latency' | 'status' | 'throttle' | 'ratelimit' | 'html' | 'truncated' | 'reset' | 'malformed' | 'compressed' | 'bom' | 'clock';

/** How a `compressed` fault encodes the real answer. */
export type SimEncoding = 'gzip' | 'deflate' | 'br';

/** Fault injection rule: matched against service, path (or an Action parameter) and an id in the request. */
export interface Fault {
  type: FaultType;
  service?: SimServiceName;
  /** Substring of the path, or of the whole request body (an Action parameter). */
  path?: string;
  /** Matches when the URL or body contains it. */
  id?: string;
  /** Apply to the first N matching requests only (default: every one). */
  times?: number;
  /** latency: delay before answering. */
  ms?: number;
  /** status: HTTP status to answer (default 503); malformed: instead of the real answer's. */
  status?: number;
  /** throttle: seconds for Retry-After (default 1). */
  retryAfter?: number;
  /** ratelimit: requests a second the service allows (a token bucket of one second's worth); the rest get its throttling answer. */
  perSecond?: number;
  /**
   * malformed: fields of the real answer's JSON body replaced, by dotted path into it
   * ("data.subTaskList", "Data.Progress.Percentage", "results.0.error_message"); missing parents are made.
   */
  set?: Record<string, unknown>;
  /** malformed: a value nested this many levels deep (arrays and objects in turn) at each path. */
  nest?: Record<string, number>;
  /** malformed: this whole body instead of the real one (a string is sent as is, anything else as JSON). */
  body?: unknown;
  /** compressed: how the real answer is compressed (default gzip). */
  encoding?: SimEncoding;
  /** compressed: whether Content-Encoding says so (default true); the client never asks for compression. */
  header?: boolean;
  /**
   * clock: seconds the service's clock is ahead (negative: behind) of the simulator's: its Date
   * header, its time API and its check of signed timestamps all read the skewed clock.
   */
  skew?: number;
}

/**
 * A scenario: credentials the simulator accepts (defaults to the demo credentials), faults, and one
 * section per provider. Each provider's simulator adds its section's type (and its credentials') to
 * Scenario and SimCredentials (`declare module`, in src/providers/<name>/sim/index.ts).
 */
export interface Scenario {
  credentials?: Partial<SimCredentials>;
  faults?: Fault[];
}

/** The credentials each provider's simulated service accepts, by provider name. */
export interface SimCredentials {}

/** A check of one field of a scenario file (scenario-check.ts): throws naming the field's JSON path. */
export type SectionCheck = (value: unknown, path: string) => void;

/** What a provider brings to the simulator (src/providers/<name>/sim/index.ts), loaded only by `sim` and `demo`. */
export interface ProviderSim {
  /** Its API, served on a port of its own. */
  service: SimService;
  /** Its section of the default scenario: tasks in every phase. */
  scenario: object;
  /** Demo credentials: printed by `syncstat sim`, used by `syncstat demo`. They open nothing real. */
  credentials: Readonly<Record<string, string>>;
  /** Checks its section of a scenario file. */
  checkSection: SectionCheck;
  /** The environment that points its commands at `url` with these credentials. */
  env(url: string, credentials: Record<string, string>): Record<string, string>;
  /** What `syncstat demo` runs for it, in order, with a line saying what each shows. */
  demoSteps: ReadonlyArray<{ title: string; argv: string[] }>;
  /** Its entries of the demo's task list (`syncstat fleet`): tasks of the default scenario. */
  fleet?: ReadonlyArray<Record<string, unknown>>;
}
