import { validateIds } from '../../core/ids.js';
import type { Report } from '../../core/model.js';
import type { Query } from '../../core/provider.js';
import { collect, queryOnce } from '../../core/report.js';
import type { Session } from '../../core/session.js';
import { createUCloudClient, type UCloudClient } from './client.js';
import { fetchUdts, UDTS_ID_RULES, type UdtsQuery } from './udts.js';

/** `syncstat udts`: one normalized row per UDTS task id, queried concurrently. */
export const UDTS_QUERY: Query<UCloudClient, UdtsQuery> = {
  options: (opts) => ({ type: opts.type as string | undefined }),
  check: (ids) => validateIds(ids, UDTS_ID_RULES),
  connect: (s) => createUCloudClient(s),
  fetch: (s, client, ids, q) => collect(ids, s.concurrency, 'ucloud', (id) => id, (id) => fetchUdts(client, id, q, s.now), s),
};

/** One round, start to end (tests; the CLI connects once per run). */
export function queryUdts(s: Session, ids: string[], q: UdtsQuery): Promise<Report> {
  return queryOnce(UDTS_QUERY, s, ids, q);
}
