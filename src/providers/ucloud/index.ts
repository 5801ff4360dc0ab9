import { validateIds } from '../../core/ids.js';
import type { Report } from '../../core/model.js';
import { collect } from '../../core/report.js';
import type { Session } from '../../core/session.js';
import { createUCloudClient } from './client.js';
import { fetchUdts, UDTS_ID_RULES, type UdtsQuery } from './udts.js';

/** `syncstat udts`: one normalized row per UDTS task id, queried concurrently. */
export async function queryUdts(s: Session, ids: string[], q: UdtsQuery): Promise<Report> {
  const warnings = validateIds(ids, UDTS_ID_RULES);
  const client = createUCloudClient(s);
  const report = await collect(ids, s.concurrency, 'ucloud', (id) => id, (id) => fetchUdts(client, id, q, s.now));
  report.warnings.unshift(...warnings);
  return report;
}
