import type { Fault, SimContext, SimReply, SimRequest, SimService } from './types.js';

/** What the server must do for a request a fault matched. */
export type FaultAction = { kind: 'reply'; reply: SimReply } | { kind: 'truncate' } | { kind: 'reset' } | { kind: 'delay'; ms: number };

const HTML_PAGE = '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>';

/** Fault rules with their use counts: `times` limits a rule to its first N matches. */
export class FaultPlan {
  private readonly used: number[];

  constructor(private readonly faults: readonly Fault[]) {
    this.used = faults.map(() => 0);
  }

  /** The actions for this request, in rule order (latency first, then at most one answer). */
  actionsFor(req: SimRequest, service: SimService, ctx: SimContext): FaultAction[] {
    const actions: FaultAction[] = [];
    this.faults.forEach((fault, i) => {
      if (!this.matches(fault, req, service) || (fault.times !== undefined && this.used[i] >= fault.times)) return;
      if (fault.type !== 'latency' && actions.some((a) => a.kind !== 'delay')) return;
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
    case 'throttle': {
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
  }
}
