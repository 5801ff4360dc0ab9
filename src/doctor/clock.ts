import type { ClockReading, DoctorPlan } from '../core/provider.js';
import type { Session } from '../core/session.js';
import type { HttpResponse } from '../core/http.js';
import { formatDuration } from '../core/duration.js';
import { EXIT } from '../core/exit-codes.js';
import { fail, ok, warn, type Check } from './types.js';

/** Beyond this a clock is worth fixing, whatever the service allows. */
export const CLOCK_WARN_MS = 60_000;
const NTP_FIX = 'Set this machine\'s clock right (turn on time sync: timedatectl set-ntp true, or your platform\'s NTP)';

/**
 * What the service's clock said, by one unsigned GET: its `Date` header (second resolution). No
 * retries and no credentials: it only reads the time.
 */
export async function dateHeaderClock(s: Session, url: string, via: string): Promise<ClockReading> {
  const { res, sentAt, answeredAt } = await timedGet(s, url);
  return { serverMs: dateHeaderOf(res), via, sentAt, answeredAt };
}

/** One unsigned GET, timed by the session's clock (a service's time API reads its body). */
export async function timedGet(s: Session, url: string): Promise<{ res: HttpResponse; sentAt: number; answeredAt: number }> {
  const sentAt = s.now();
  const res = await s.http.send({ method: 'GET', url });
  return { res, sentAt, answeredAt: s.now() };
}

export function dateHeaderOf(res: HttpResponse): number | null {
  const date = Date.parse(res.headers.date ?? '');
  return Number.isNaN(date) ? null : date;
}

/** The skew (the service's clock minus ours, at the call's midpoint) judged against the service's limit. */
export function judgeClock(service: string, reading: ClockReading, limit: DoctorPlan['clockLimit']): Check {
  const ms = reading.answeredAt - reading.sentAt;
  if (reading.serverMs === null) return warn(service, 'clock', `${reading.via} carried no time: the clock was not checked`, null, ms);
  const skew = reading.serverMs - (reading.sentAt + reading.answeredAt) / 2;
  const size = Math.abs(skew);
  const how = size < 1000 ? 'in step with the service (within 1s)' : `${formatDuration(Math.round(size / 1000) * 1000)} ${skew > 0 ? 'behind' : 'ahead of'} the service's`;
  const detail = `this machine's clock is ${how} (${reading.via})`;
  if (limit && size > limit.ms) return fail(service, 'clock', `${detail}: beyond the ${formatDuration(limit.ms)} ${limit.why}`, NTP_FIX, EXIT.auth, ms);
  if (size > CLOCK_WARN_MS) {
    const margin = limit ? `; requests fail beyond ${formatDuration(limit.ms)} (${limit.why})` : '; no signed timestamp is checked with these credentials, so requests still work';
    return warn(service, 'clock', `${detail}${margin}`, NTP_FIX, ms);
  }
  return ok(service, 'clock', detail + (limit ? `; the service allows ${formatDuration(limit.ms)}` : ''), ms);
}
