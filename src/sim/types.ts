import type { IncomingHttpHeaders } from 'node:http';

export type SimServiceName = 'ninedata' | 'ucloud' | 'huawei';

export interface SimRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  /** Host header as the client sent it (Huawei signs it). */
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

export type FaultType = 'latency' | 'status' | 'throttle' | 'ratelimit' | 'html' | 'truncated' | 'reset' | 'malformed' | 'compressed' | 'bom';

/** How a `compressed` fault encodes the real answer. */
export type SimEncoding = 'gzip' | 'deflate' | 'br';

/** Fault injection rule: matched against service, path (or UCloud Action) and an id in the request. */
export interface Fault {
  type: FaultType;
  service?: SimServiceName;
  /** Substring of the path, or of the whole request body (UCloud's Action). */
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
}

export interface Scenario {
  /** Credentials the simulator accepts; defaults to the demo credentials. */
  credentials?: Partial<SimCredentials>;
  ninedata?: {
    replications?: Record<string, SimTask>;
    prechecks?: Record<string, SimTask>;
  };
  ucloud?: { tasks?: Record<string, SimTask> };
  huawei?: {
    /** StarRocks instances: instance id -> sync tasks (or a generator: `{ "generate": 120 }`). */
    instances?: Record<string, { tasks?: SimTask[]; generate?: number }>;
    /** DRS jobs by id. */
    jobs?: Record<string, SimTask>;
  };
  faults?: Fault[];
}

export interface SimCredentials {
  ninedata: { accessKeyId: string; accessKeySecret: string };
  ucloud: { publicKey: string; privateKey: string; projectId: string };
  huawei: {
    ak: string;
    sk: string;
    projectId: string;
    region: string;
    domain: string;
    user: string;
    password: string;
    /** Token that is always rejected as expired (APIGW.0307), for tests. */
    expiredToken: string;
  };
}
