import { makeResult, phaseOf, toNumber, type Result } from '../../core/model.js';
import type { Fetched } from '../../core/report.js';
import type { UCloudClient } from './client.js';
import { UDTS_PHASES } from './states.js';

export const UDTS_ID_RULES = { noun: 'UDTS task id', pattern: /^udts-[a-z0-9]+$/, shape: '"udts-" and letters or digits', example: 'udts-ixdp441' } as const;

interface UdtsData {
  Status?: string;
  FailedMessage?: string;
  CurRetryCount?: number | string;
  MaxRetryCount?: number | string;
  Progress?: Record<string, unknown> | null;
  Sync?: Record<string, unknown> | null;
}

const seconds = (v: unknown) => {
  const n = toNumber(v);
  return n === null ? null : Math.round(n * 1000);
};

export function normalizeUdts(id: string, data: UdtsData, observedAt: string): Result {
  const progress = data.Progress ?? {};
  const sync = data.Sync ?? {};
  // Percentage's scale is undocumented: it is shown as given, clamped to 0-100, never rescaled.
  const percentage = toNumber(progress.Percentage);
  const lagMs = seconds(progress.RedisDelayTime) ?? seconds(progress.MongoDelayTime);
  return makeResult({
    provider: 'ucloud',
    kind: 'udts',
    id,
    phase: phaseOf(UDTS_PHASES, data.Status),
    status: data.Status ?? null,
    progress: percentage === null ? null : Math.min(100, Math.max(0, percentage)),
    lagMs,
    stage: data.Status === 'Syncing' || data.Status === 'Synced' ? 'incremental' : data.Status === 'Dumping' || data.Status === 'Loading' ? 'full' : null,
    message: data.FailedMessage || null,
    observedAt,
    details: {
      totalCount: toNumber(progress.TotalCount),
      curCount: toNumber(progress.CurCount),
      totalDurationS: toNumber(progress.TotalDuration),
      curDurationS: toNumber(progress.CurDuration),
      redisOffsetSize: toNumber(progress.RedisOffsetSize),
      curRetryCount: toNumber(data.CurRetryCount),
      maxRetryCount: toNumber(data.MaxRetryCount),
      binlog: { name: sync.BinlogName ?? null, position: toNumber(sync.BinlogPos), gtid: sync.BinlogGTID ?? null },
    },
  });
}

export interface UdtsQuery {
  type?: string;
}

export async function fetchUdts(client: UCloudClient, id: string, q: UdtsQuery, now: () => number): Promise<Fetched> {
  const reply = await client.call({ Action: 'GetUDTSTaskStatus', TaskId: id, ProjectId: client.projectId, Region: client.region, Type: q.type });
  const result = normalizeUdts(id, (reply.body.Data ?? {}) as UdtsData, new Date(now()).toISOString());
  const warnings = result.status === 'RetryPending' ? [`${id} is RetryPending: UDTS will retry it automatically (${result.details.curRetryCount ?? '?'}/${result.details.maxRetryCount ?? '?'})`] : [];
  return { results: [result], raw: [reply.text], warnings };
}
