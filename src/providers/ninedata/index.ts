import type { Report } from '../../core/model.js';
import type { Query } from '../../core/provider.js';
import { collect, queryOnce } from '../../core/report.js';
import { validateIds } from '../../core/ids.js';
import type { Session } from '../../core/session.js';
import { createNineDataClient, type NineDataClient } from './client.js';
import { fetchPrecheck, fetchReplicationStatus, REPLICATION_ID_RULES } from './replication.js';

/** `syncstat status`: one normalized row per replication id, queried concurrently. */
export const STATUS_QUERY: Query<NineDataClient> = {
  check: (ids) => validateIds(ids, REPLICATION_ID_RULES),
  connect: (s) => createNineDataClient(s),
  fetch: (s, client, ids) => collect(ids, s.concurrency, 'ninedata', (id) => id, (id) => fetchReplicationStatus(client, id, s.now), s),
};

/** `syncstat precheck`: the verdict and check items per replication id. */
export const PRECHECK_QUERY: Query<NineDataClient> = {
  ...STATUS_QUERY,
  fetch: (s, client, ids) => collect(ids, s.concurrency, 'ninedata', (id) => id, (id) => fetchPrecheck(client, id, s.now), s),
};

/** One status round, start to end (tests; the CLI connects once per run). */
export function queryStatus(s: Session, ids: string[]): Promise<Report> {
  return queryOnce(STATUS_QUERY, s, ids, undefined);
}

export function queryPrecheck(s: Session, ids: string[]): Promise<Report> {
  return queryOnce(PRECHECK_QUERY, s, ids, undefined);
}
