import { validateIds } from '../../core/ids.js';
import type { Report } from '../../core/model.js';
import { collect } from '../../core/report.js';
import type { Session } from '../../core/session.js';
import { createNineDataClient } from './client.js';
import { fetchPrecheck, fetchReplicationStatus, REPLICATION_ID_RULES } from './replication.js';

/** `syncstat status`: one normalized row per replication id, queried concurrently. */
export async function queryStatus(s: Session, ids: string[]): Promise<Report> {
  const warnings = validateIds(ids, REPLICATION_ID_RULES);
  const client = createNineDataClient(s);
  const report = await collect(ids, s.concurrency, 'ninedata', (id) => id, (id) => fetchReplicationStatus(client, id, s.now));
  report.warnings.unshift(...warnings);
  return report;
}

/** `syncstat precheck`: the verdict and check items per replication id. */
export async function queryPrecheck(s: Session, ids: string[]): Promise<Report> {
  const warnings = validateIds(ids, REPLICATION_ID_RULES);
  const client = createNineDataClient(s);
  const report = await collect(ids, s.concurrency, 'ninedata', (id) => id, (id) => fetchPrecheck(client, id, s.now));
  report.warnings.unshift(...warnings);
  return report;
}
