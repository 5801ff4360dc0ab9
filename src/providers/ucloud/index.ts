import type { Report } from '../../core/model.js';
import { queryIds } from '../../core/report.js';
import type { Session } from '../../core/session.js';
import { createUCloudClient } from './client.js';
import { fetchUdts, UDTS_ID_RULES, type UdtsQuery } from './udts.js';

/** `syncstat udts`: one normalized row per UDTS task id, queried concurrently. */
export function queryUdts(s: Session, ids: string[], q: UdtsQuery): Promise<Report> {
  return queryIds(s, ids, UDTS_ID_RULES, 'ucloud', () => createUCloudClient(s), (client, id) => fetchUdts(client, id, q, s.now));
}
