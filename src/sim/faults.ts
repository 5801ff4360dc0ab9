import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import type { Fault, SimContext, SimEncoding, SimReply, SimRequest, SimService } from './types.js';

/**
 * What the server must do for a request a fault matched: `transform` answers the real reply changed
 * (hostile or malformed answers: fields replaced, a compressed body, a byte-order mark).
 */
export type FaultAction =
  | { kind: 'reply'; reply: SimReply }
  | { kind: 'truncate' }
  | { kind: 'reset' }
  | { kind: 'delay'; ms: number }
  | { kind: 'transform'; transform(reply: SimReply): SimReply };

const HTML_PAGE = '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>';

/** Fault rules with their use counts: `times` limits a rule to its first N matches. */
export class FaultPlan {
  private readonly used: number[];
  /** ratelimit rules' token buckets: tokens left and when they were last topped up. */
  private readonly buckets: Array<{ tokens: number; at: number } | undefined>;

  constructor(private readonly faults: readonly Fault[]) {
    this.used = faults.map(() => 0);
    this.buckets = faults.map(() => undefined);
  }

  /** A ratelimit rule lets a request through while its bucket (one second's worth of tokens) is not empty. */
  private withinRate(i: number, perSecond: number, now: number): { ok: boolean; waitS: number } {
    const bucket = (this.buckets[i] ??= { tokens: perSecond, at: now });
    bucket.tokens = Math.min(perSecond, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true, waitS: 0 };
    }
    return { ok: false, waitS: Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond)) };
  }

  /**
   * Milliseconds a service's clock is off (the sum of the clock rules for it): not a per-request
   * action, so `path`, `id` and `times` do not apply to it.
   */
  clockSkewMs(service: string): number {
    return this.faults.reduce((sum, f) => (f.type === 'clock' && (!f.service || f.service === service) ? sum + (f.skew ?? 0) * 1000 : sum), 0);
  }

  /** The actions for this request, in rule order (latency first, then at most one answer). */
  actionsFor(req: SimRequest, service: SimService, ctx: SimContext): FaultAction[] {
    const actions: FaultAction[] = [];
    this.faults.forEach((fault, i) => {
      if (fault.type === 'clock') return;
      if (!this.matches(fault, req, service) || (fault.times !== undefined && this.used[i] >= fault.times)) return;
      if (fault.type !== 'latency' && actions.some((a) => a.kind !== 'delay')) return;
      if (fault.type === 'ratelimit') {
        const rate = this.withinRate(i, fault.perSecond ?? 10, ctx.now());
        if (rate.ok) return;
        this.used[i]++;
        return void actions.push(toAction({ ...fault, type: 'throttle', retryAfter: rate.waitS }, service, ctx));
      }
      this.used[i]++;
      actions.push(toAction(fault, service, ctx));
    });
    return actions;
  }

  private matches(fault: Fault, req: SimRequest, service: SimService): boolean {
    if (fault.service && fault.service !== service.name) return false;
    if (fault.path && !req.path.includes(fault.path) && !req.body.includes(fault.path) && !req.query.toString().includes(fault.path)) return false;
    if (fault.id && !req.path.includes(fault.id) && !req.query.toString().includes(fault.id) && !req.body.includes(fault.id)) return false;
    return true;
  }
}

function toAction(fault: Fault, service: SimService, ctx: SimContext): FaultAction {
  switch (fault.type) {
    case 'latency':
      return { kind: 'delay', ms: fault.ms ?? 1000 };
    case 'throttle':
    case 'ratelimit': {
      const seconds = fault.retryAfter ?? 1;
      const reply = service.throttle?.(seconds, ctx) ?? { status: 429, headers: { 'retry-after': String(seconds) }, body: { message: 'Too Many Requests' } };
      return { kind: 'reply', reply };
    }
    case 'status':
      return { kind: 'reply', reply: { status: fault.status ?? 503, body: { message: 'Service Unavailable (injected)' } } };
    case 'html':
      return { kind: 'reply', reply: { status: fault.status ?? 502, headers: { 'content-type': 'text/html' }, body: HTML_PAGE } };
    case 'truncated':
      return { kind: 'truncate' };
    case 'reset':
      return { kind: 'reset' };
    case 'malformed':
      return { kind: 'transform', transform: (reply) => malformed(fault, reply) };
    case 'compressed':
      return { kind: 'transform', transform: (reply) => compressed(reply, fault.encoding ?? 'gzip', fault.header ?? true) };
    case 'clock':
      return { kind: 'delay', ms: 0 };
    case 'bom':
      return { kind: 'transform', transform: (reply) => ({ ...reply, headers: { 'content-type': 'application/json', ...reply.headers }, body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bodyBytes(reply)]) }) };
  }
}

/**
 * The JSON text of a value `depth` levels deep, objects and arrays in turn, built as text: V8's
 * JSON.stringify itself overflows the stack on a few thousand levels (JSON.parse does not).
 */
export function deeplyNestedJson(depth: number): string {
  let open = '';
  let close = '';
  for (let i = depth - 1; i >= 0; i--) open += i % 2 ? '[' : '{"nested":';
  for (let i = 0; i < depth; i++) close += i % 2 ? ']' : '}';
  return `${open}"bottom"${close}`;
}

/** Sets `path` ("data.subTaskList", "results.0.error_message") in `body`, making missing parents. */
function setPath(body: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let at: Record<string, unknown> = body;
  for (const key of keys.slice(0, -1)) {
    const next = at[key];
    at = (typeof next === 'object' && next !== null ? next : (at[key] = {})) as Record<string, unknown>;
  }
  at[keys[keys.length - 1]] = value;
}

/** The real answer with fields replaced (`set`, `nest`), or another body altogether (`body`). */
function malformed(fault: Fault, given: SimReply): SimReply {
  const reply = fault.status === undefined ? given : { ...given, status: fault.status };
  if (typeof fault.body === 'string') return { ...reply, body: fault.body };
  if (fault.body !== undefined) return { ...reply, headers: { ...reply.headers, 'content-type': 'application/json' }, body: JSON.stringify(fault.body) };
  if (typeof reply.body !== 'object' || Buffer.isBuffer(reply.body)) return reply;
  const body = structuredClone(reply.body) as Record<string, unknown>;
  for (const [path, value] of Object.entries(fault.set ?? {})) setPath(body, path, value);
  const nests = Object.entries(fault.nest ?? {});
  if (!nests.length) return { ...reply, body };
  // Placeholders, replaced in the text by the nested values.
  const marks = nests.map(([path, depth], i) => {
    const mark = `\u0000nest${i}\u0000`;
    setPath(body, path, mark);
    return [JSON.stringify(mark), deeplyNestedJson(depth)] as const;
  });
  let text = JSON.stringify(body);
  for (const [mark, nested] of marks) text = text.replace(mark, () => nested);
  return { ...reply, headers: { ...reply.headers, 'content-type': 'application/json' }, body: text };
}

function bodyBytes(reply: SimReply): Buffer {
  if (Buffer.isBuffer(reply.body)) return reply.body;
  return Buffer.from(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
}

const COMPRESS: Record<SimEncoding, (b: Buffer) => Buffer> = { gzip: gzipSync, deflate: deflateSync, br: brotliCompressSync };

/** The real answer compressed, though the client never asked for it (no Accept-Encoding). */
function compressed(reply: SimReply, encoding: SimEncoding, header: boolean): SimReply {
  const headers = { 'content-type': 'application/json', ...reply.headers, ...(header ? { 'content-encoding': encoding } : {}) };
  return { ...reply, headers, body: COMPRESS[encoding](bodyBytes(reply)) };
}
