import { SyncstatError } from '../../core/errors.js';
import { makeResult, phaseOf, toNumber, type Result } from '../../core/model.js';
import { FieldReader, isRecord, objectAt } from '../../core/shape.js';
import type { Fetched } from '../../core/report.js';
import type { UCloudClient } from './client.js';
import { UDTS_PHASES } from './states.js';

export const UDTS_ID_RULES = { noun: 'UDTS task id', pattern: /^udts-[a-z0-9]+$/, shape: '"udts-" and letters or digits', example: 'udts-ixdp441' } as const;

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

/**
 * A sub-object of Data (Progress, Sync): absent or null is empty, and so is `[]` (an empty map as some
 * serializers write it; Progress is "empty for incremental tasks"). Anything else is noted and ignored.
 */
function section(value: unknown, field: string, fields: FieldReader): Record<string, unknown> {
  if (isRecord(value)) return value;
  if (value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0)) fields.ignore(field, value, 'not an object');
  return {};
}

/** One task's status: `data` is the answer's `Data`, whatever shape it came in. */
export function normalizeUdts(id: string, data: unknown, observedAt: string, fields = new FieldReader()): Result {
  const d = data === undefined || data === null ? {} : objectAt(data, 'Data');
  const progress = section(d.Progress, 'Progress', fields);
  const sync = section(d.Sync, 'Sync', fields);
  const status = fields.text(d.Status, 'Status');
  const lagMs = fields.lagMs(progress.RedisDelayTime, 'Progress.RedisDelayTime', 1000) ?? fields.lagMs(progress.MongoDelayTime, 'Progress.MongoDelayTime', 1000);
  return makeResult({
    provider: 'ucloud',
    kind: 'udts',
    id,
    phase: phaseOf(UDTS_PHASES, status),
    status,
    progress: percentOf(progress),
    lagMs,
    stage: status === 'Syncing' || status === 'Synced' ? 'incremental' : status === 'Dumping' || status === 'Loading' ? 'full' : null,
    message: fields.text(d.FailedMessage, 'FailedMessage') || null,
    observedAt,
    details: {
      totalCount: fields.number(progress.TotalCount, 'Progress.TotalCount'),
      curCount: fields.number(progress.CurCount, 'Progress.CurCount'),
      totalDurationS: fields.number(progress.TotalDuration, 'Progress.TotalDuration'),
      curDurationS: fields.number(progress.CurDuration, 'Progress.CurDuration'),
      redisOffsetSize: fields.number(progress.RedisOffsetSize, 'Progress.RedisOffsetSize'),
      curRetryCount: fields.number(d.CurRetryCount, 'CurRetryCount'),
      maxRetryCount: fields.number(d.MaxRetryCount, 'MaxRetryCount'),
      binlog: { name: fields.text(sync.BinlogName, 'Sync.BinlogName'), position: fields.number(sync.BinlogPos, 'Sync.BinlogPos'), gtid: fields.text(sync.BinlogGTID, 'Sync.BinlogGTID') },
    },
  });
}

export interface UdtsQuery {
  type?: string;
}

export async function fetchUdts(client: UCloudClient, id: string, q: UdtsQuery, now: () => number): Promise<Fetched> {
  const reply = await client.call({ Action: 'GetUDTSTaskStatus', TaskId: id, ProjectId: client.projectId, Region: client.region, Type: q.type });
  const fields = new FieldReader();
  let result: Result;
  try {
    result = normalizeUdts(id, reply.body.Data, new Date(now()).toISOString(), fields);
  } catch (err) {
    // Like the service's own errors: the request id, and the body for --raw.
    if (err instanceof SyncstatError) (err.requestId ??= reply.requestId), (err.rawBody ??= reply.text);
    throw err;
  }
  const warnings = result.status === 'RetryPending' ? [`${id} is RetryPending: UDTS will retry it automatically (${result.details.curRetryCount ?? '?'}/${result.details.maxRetryCount ?? '?'})`] : [];
  return { results: [result], raw: [reply.text], warnings: [...warnings, ...fields.warnings(id)] };
}
