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

const clampPercent = (n: number) => Math.min(100, Math.max(0, n));

/**
 * Progress.Percentage's scale is undocumented (the docs' sample is 0-100 style), so it is shown as
 * given, clamped to 0-100. The one exception: a value <= 1 that the counts show is a 0-1 fraction
 * (0.35 with CurCount/TotalCount = 0.35 is 35%, not 0.35%): whichever scale the counts agree with wins.
 */
export function percentOf(progress: Record<string, unknown>): number | null {
  const p = toNumber(progress.Percentage);
  if (p === null) return null;
  const cur = toNumber(progress.CurCount);
  const total = toNumber(progress.TotalCount);
  if (p > 0 && p <= 1 && cur && total && total > 0) {
    const ratio = cur / total;
    // toPrecision drops float noise (0.35 * 100 = 35.00000000000001).
    if (Math.abs(p - ratio) < Math.abs(p - ratio * 100)) return clampPercent(Number((p * 100).toPrecision(12)));
  }
  return clampPercent(p);
}

export function normalizeUdts(id: string, data: UdtsData, observedAt: string): Result {
  const progress = data.Progress ?? {};
  const sync = data.Sync ?? {};
  const lagMs = seconds(progress.RedisDelayTime) ?? seconds(progress.MongoDelayTime);
  return makeResult({
    provider: 'ucloud',
    kind: 'udts',
    id,
    phase: phaseOf(UDTS_PHASES, data.Status),
    status: data.Status ?? null,
    progress: percentOf(progress),
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
