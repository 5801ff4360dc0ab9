import { UsageError } from '../../core/errors.js';
import { validateIds } from '../../core/ids.js';
import type { Report } from '../../core/model.js';
import type { Query } from '../../core/provider.js';
import { collect, queryOnce } from '../../core/report.js';
import type { Session } from '../../core/session.js';
import { parseCount } from '../../core/count.js';
import { createHuaweiClient, type HuaweiClient } from './client.js';
import { fetchDrsStatuses, JOB_ID_RULES } from './drs.js';
import { fetchStarRocks, INSTANCE_ID_RULES, type PageWindow } from './starrocks.js';

/** `syncstat starrocks`: one row per sync task of a TaurusDB StarRocks instance, every page. */
export const STARROCKS_QUERY: Query<HuaweiClient, PageWindow> = {
  options: (opts) => ({
    limit: opts.limit === undefined ? undefined : parseCount(opts.limit as string, '--limit', 0, 1, 1_000_000),
    offset: parseCount(opts.offset as string | undefined, '--offset', 0, 0, 1_000_000_000),
  }),
  check: (ids) => {
    if (ids.length > 1) throw new UsageError(`one instance id at a time (got ${ids.length})`, { suggestion: `e.g. ${INSTANCE_ID_RULES.example}; for several instances, list one starrocks entry per instance in a task list for syncstat fleet` });
    return validateIds(ids, INSTANCE_ID_RULES);
  },
  connect: (s) => createHuaweiClient(s, 'gaussdb'),
  fetch: (s, client, ids, window) => collect(ids, 1, 'huawei', (id) => id, (id) => fetchStarRocks(client, id, window, s.now, s.concurrency), s),
};

/** `syncstat batch`: DRS job statuses, 100 ids per request, in the order given. */
export const BATCH_QUERY: Query<HuaweiClient> = {
  check: (ids) => validateIds(ids, JOB_ID_RULES),
  connect: (s) => createHuaweiClient(s, 'drs'),
  fetch: (s, client, ids) => fetchDrsStatuses(client, ids, s.concurrency, s.now, (m) => s.log.debug(m), s.keepRaw),
};

/** One round, start to end (tests; the CLI connects once per run). */
export function queryStarRocks(s: Session, instanceIds: string[], window: PageWindow = {}): Promise<Report> {
  return queryOnce(STARROCKS_QUERY, s, instanceIds, window);
}

export function queryBatch(s: Session, jobIds: string[]): Promise<Report> {
  return queryOnce(BATCH_QUERY, s, jobIds, undefined);
}
