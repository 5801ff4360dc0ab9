import { resolveServiceConcurrency } from '../core/general-settings.js';
import type { Session } from '../core/session.js';
import type { CliContext } from './context.js';

const caps = new WeakMap<CliContext, Map<string, number | undefined>>();

/**
 * The session one provider's requests go out with: its own concurrency (profiles.<profile>.<provider>.concurrency
 * or SYNCSTAT_<PROVIDER>_CONCURRENCY), when set, caps both how many requests it starts side by side and
 * its hosts' limiters below the general --concurrency. Made per poll, so a wait's deadline carries over.
 */
export function serviceSession(ctx: CliContext, provider: string): Session {
  const s = ctx.session;
  let known = caps.get(ctx);
  if (!known) caps.set(ctx, (known = new Map()));
  if (!known.has(provider)) {
    const own = resolveServiceConcurrency(provider, s.env, s.config, s.profile);
    if (own.value !== undefined && own.value < s.concurrency) s.log.debug(`${provider}: at most ${own.value} requests in flight (${own.source})`);
    known.set(provider, own.value);
  }
  const cap = known.get(provider);
  if (cap === undefined || cap >= s.concurrency) return s;
  return { ...s, concurrency: cap, limiters: s.limiters?.capped(cap) };
}
