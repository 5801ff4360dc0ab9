import type { DoctorPlan, Provider } from '../core/provider.js';
import type { Session } from '../core/session.js';
import { EXIT, mostSevere } from '../core/exit-codes.js';
import { SyncstatError } from '../core/errors.js';
import { probeEndpoint } from './endpoint.js';
import { judgeClock } from './clock.js';
import { fail, ok, type Check } from './types.js';

export interface ServiceRun {
  provider: Provider;
  /** Named on the command line: checked even when nothing of it is configured (then that is the failure). */
  named: boolean;
}

/** A thrown error as a failed check: the provider's own words and fix, its exit code. */
function failed(service: string, check: string, err: unknown, ms: number | null = null): Check {
  if (err instanceof SyncstatError) return fail(service, check, err.requestId ? `${err.message} (requestId ${err.requestId})` : err.message, err.suggestion ?? null, err.exitCode, ms);
  throw err;
}

/**
 * One service's chain, in order, stopping at its first failure: its settings, each endpoint (proxy,
 * DNS, TCP, TLS), its clock, then one signed call. Returns null when it is not configured and was not
 * named (nothing to say about it).
 */
export async function checkService(s: Session, run: ServiceRun, timeoutMs: number): Promise<Check[] | null> {
  const name = run.provider.name;
  const hooks = await run.provider.loadDoctor!();
  // A setting that cannot be read (a ${NAME} that is not set) is for `plan` to report, not a reason to skip.
  const configured = (() => {
    try {
      return hooks.configured(s);
    } catch {
      return true;
    }
  })();
  if (!run.named && !configured) return null;
  const checks: Check[] = [];
  const stopped = () => checks.some((c) => c.status === 'fail');
  let plan: DoctorPlan;
  try {
    plan = hooks.plan(s);
    checks.push(ok(name, 'settings', plan.settings));
  } catch (err) {
    return [failed(name, 'settings', err)];
  }
  for (const ep of plan.endpoints) {
    checks.push(...(await probeEndpoint(name, ep, { env: s.env, now: s.now, timeoutMs })));
    if (stopped()) return checks;
  }
  let started = s.now();
  try {
    checks.push(judgeClock(name, await plan.clock(s), plan.clockLimit));
  } catch (err) {
    checks.push(failed(name, 'clock', err, s.now() - started));
  }
  if (stopped()) return checks;
  started = s.now();
  const call = `${plan.credentialsCall}${plan.singleAttempt ? ` (one attempt, no retries: ${plan.singleAttempt})` : ''}`;
  try {
    const found = await plan.credentials(s);
    checks.push(ok(name, 'credentials', `${call}: ${found}`, s.now() - started));
  } catch (err) {
    const f = failed(name, 'credentials', err, s.now() - started);
    checks.push({ ...f, detail: `${call}: ${f.detail}` });
  }
  return checks;
}

/** 0 when nothing failed (warnings allowed); else the most severe failure's code (3 before 5, as elsewhere). */
export function doctorExitCode(checks: readonly Check[]): number {
  return mostSevere(checks.flatMap((c) => (c.status === 'fail' ? [c.exitCode ?? EXIT.auth] : [])));
}
