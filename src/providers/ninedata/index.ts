import type { Report } from '../../core/model.js';
import { queryIds } from '../../core/report.js';
import type { Session } from '../../core/session.js';
import { createNineDataClient } from './client.js';
import { fetchPrecheck, fetchReplicationStatus, REPLICATION_ID_RULES } from './replication.js';

/** `syncstat status`: one normalized row per replication id, queried concurrently. */
export function queryStatus(s: Session, ids: string[]): Promise<Report> {
  return queryIds(s, ids, REPLICATION_ID_RULES, 'ninedata', () => createNineDataClient(s), (client, id) => fetchReplicationStatus(client, id, s.now));
}

/** `syncstat precheck`: the verdict and check items per replication id. */
export function queryPrecheck(s: Session, ids: string[]): Promise<Report> {
  return queryIds(s, ids, REPLICATION_ID_RULES, 'ninedata', () => createNineDataClient(s), (client, id) => fetchPrecheck(client, id, s.now));
}
