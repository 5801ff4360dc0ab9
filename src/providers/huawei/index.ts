import { UsageError } from '../../core/errors.js';
import { validateIds } from '../../core/ids.js';
import type { Report } from '../../core/model.js';
import { collect } from '../../core/report.js';
import type { Session } from '../../core/session.js';
import { createHuaweiClient } from './client.js';
import { fetchDrsStatuses, JOB_ID_RULES } from './drs.js';
import { fetchStarRocks, INSTANCE_ID_RULES, type PageWindow } from './starrocks.js';

/** `syncstat starrocks`: one row per sync task of a TaurusDB StarRocks instance, every page. */
export async function queryStarRocks(s: Session, instanceIds: string[], window: PageWindow = {}): Promise<Report> {
  if (instanceIds.length > 1) throw new UsageError(`one instance id at a time (got ${instanceIds.length})`, { suggestion: `e.g. ${INSTANCE_ID_RULES.example}` });
  const warnings = validateIds(instanceIds, INSTANCE_ID_RULES);
  const client = createHuaweiClient(s, 'gaussdb');
  const report = await collect(instanceIds, 1, 'huawei', (id) => id, (id) => fetchStarRocks(client, id, window, s.now, s.concurrency), (m) => s.log.debug(m));
  report.warnings.unshift(...warnings);
  return report;
}

/** `syncstat batch`: DRS job statuses, 100 ids per request, in the order given. */
export async function queryBatch(s: Session, jobIds: string[]): Promise<Report> {
  const warnings = validateIds(jobIds, JOB_ID_RULES);
  const client = createHuaweiClient(s, 'drs');
  const report = await fetchDrsStatuses(client, jobIds, s.concurrency, s.now, (m) => s.log.debug(m));
  report.warnings.unshift(...warnings);
  return report;
}
