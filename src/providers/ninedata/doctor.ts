import type { DoctorHooks, DoctorPlan } from '../../core/provider.js';
import type { Session } from '../../core/session.js';
import { normalizeEndpoint } from '../../core/endpoint.js';
import { dateHeaderOf, timedGet } from '../../doctor/clock.js';
import { createNineDataClient, traceNineDataSettings } from './client.js';

const NOW_PATH = '/openapi/now';
const LIST_PATH = '/openapi/v1/replication/list';

/** NineData's /openapi/now answer: an envelope whose data is the time (a date text, or epoch ms or s). */
function timeOf(body: string): number | null {
  try {
    const data = (JSON.parse(body) as { data?: unknown }).data;
    if (typeof data === 'number' && Number.isFinite(data)) return data < 1e12 ? data * 1000 : data;
    if (typeof data === 'string') {
      const n = /^\d+$/.test(data) ? Number(data) : Date.parse(data.replace(' ', 'T'));
      return Number.isNaN(n) ? null : n < 1e12 ? n * 1000 : n;
    }
  } catch {
    // Not JSON: the Date header is the fallback.
  }
  return null;
}

/**
 * NineData: the clock from `GET /openapi/now` (documented as the cheap connectivity and clock check;
 * unsigned), the credentials by the task list with pageSize 1: a signed read that names no task.
 */
export const NINEDATA_DOCTOR: DoctorHooks = {
  configured: (s) => {
    const t = traceNineDataSettings(s);
    return Boolean(t.accessKeyId.value || t.accessKeySecret.value);
  },
  plan(s: Session): DoctorPlan {
    const traced = traceNineDataSettings(s);
    const endpoint = normalizeEndpoint(traced.endpoint, { what: 'NineData endpoint', example: 'https://console.ninedata.cloud' });
    // The commands' own checks (missing key or secret), before any request.
    const client = createNineDataClient(s);
    return {
      settings: `endpoint ${endpoint} (${traced.endpoint.source}); access key id from ${traced.accessKeyId.source}, secret from ${traced.accessKeySecret.source}`,
      endpoints: [{ what: 'NineData endpoint', url: endpoint }],
      clockLimit: { ms: 10 * 60_000, why: 'NineData allows between a signed timestamp and its clock' },
      async clock(s) {
        const { res, sentAt, answeredAt } = await timedGet(s, `${endpoint}${NOW_PATH}`);
        const said = res.status === 200 ? timeOf(res.body) : null;
        // A server without the time API (an older self-hosted one) still dates its answer.
        return said !== null ? { serverMs: said, via: `GET ${NOW_PATH}`, sentAt, answeredAt } : { serverMs: dateHeaderOf(res), via: `the Date header of GET ${NOW_PATH} (HTTP ${res.status})`, sentAt, answeredAt };
      },
      credentialsCall: `GET ${LIST_PATH}?current=1&pageSize=1 (signed; reads no task's status)`,
      async credentials() {
        const reply = await client.get<{ total?: unknown }>(LIST_PATH, { current: '1', pageSize: '1' });
        const total = Number(reply.data?.total);
        return `the key is accepted${Number.isFinite(total) ? ` (it sees ${total} replication task${total === 1 ? '' : 's'})` : ''}`;
      },
    };
  },
};

export { timeOf as nineDataTimeOf };
