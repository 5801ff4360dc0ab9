import { makeResult, phaseOf, toNumber, type Phase, type Result } from '../../core/model.js';
import type { Fetched } from '../../core/report.js';
import type { HuaweiClient } from './client.js';
import { STARROCKS_STAGE_MESSAGES, STARROCKS_STAGE_PHASES, STARROCKS_STATUS_PHASES } from './states.js';

export const INSTANCE_ID_RULES = {
  noun: 'instance id',
  // The TaurusDB docs show both "in07" and "in17" suffixes; another shape is a warning, not an error.
  pattern: /^[A-Za-z0-9]{32}in[01]7$/,
  shape: '36 letters or digits ending in "in07" or "in17"',
  example: 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4in17',
} as const;

/** The service returns at most 50 rows whatever `limit` asks for. */
export const STARROCKS_PAGE_SIZE = 50;
/** A server that keeps sending full pages past its own total is broken: stop somewhere. */
const MAX_PAGES = 1000;

export interface StarRocksItem {
  source_database?: string | null;
  target_database?: string | null;
  task_name?: string | null;
  status?: string | null;
  stage?: string | null;
  percentage?: string | number | null;
  catchup_stage?: string | null;
  catchup_percentage?: string | number | null;
}

interface StarRocksPage {
  total_count?: string | number | null;
  replications?: StarRocksItem[] | null;
}

export interface PageWindow {
  /** Rows to skip (default 0). */
  offset?: number;
  /** Rows wanted; undefined reads every page. */
  limit?: number;
}

function lower(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim().toLowerCase() : null;
}

export function starRocksPhase(status: unknown, stage: unknown): Phase {
  const byStatus = lower(status);
  if (byStatus !== null && STARROCKS_STATUS_PHASES[byStatus]) return STARROCKS_STATUS_PHASES[byStatus]!;
  if (byStatus !== null && !Object.hasOwn(STARROCKS_STATUS_PHASES, byStatus)) return 'unknown';
  return phaseOf(STARROCKS_STAGE_PHASES, lower(stage));
}

function percent(value: unknown): number | null {
  const n = toNumber(value);
  return n === null ? null : Math.min(100, Math.max(0, n));
}

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return String(value);
}

export function normalizeStarRocks(instanceId: string, item: StarRocksItem, observedAt: string): Result {
  const stage = lower(item.stage);
  const phase = starRocksPhase(item.status, item.stage);
  return makeResult({
    provider: 'huawei',
    kind: 'starrocks',
    id: text(item.task_name) ?? '(unnamed)',
    phase,
    status: text(item.status),
    progress: percent(item.percentage),
    // One spelling for display ("Incremental" and "incremental" both occur); details.stage keeps the raw value.
    stage,
    message: stage !== null && Object.hasOwn(STARROCKS_STAGE_MESSAGES, stage) ? STARROCKS_STAGE_MESSAGES[stage] : null,
    observedAt,
    details: {
      instanceId,
      sourceDatabase: text(item.source_database),
      targetDatabase: text(item.target_database),
      stage: text(item.stage),
      catchupStage: text(item.catchup_stage),
      catchupProgress: percent(item.catchup_percentage),
    },
  });
}

/**
 * Every sync task of an instance (or the window asked for): pages of at most 50, the offset advanced
 * by the rows received, until total_count rows are read, a page is empty, or the window is full.
 */
export async function fetchStarRocks(client: HuaweiClient, instanceId: string, window: PageWindow, now: () => number): Promise<Fetched> {
  const path = `/instances/${encodeURIComponent(instanceId)}/starrocks/databases/replication`;
  const wanted = window.limit ?? Infinity;
  const results: Result[] = [];
  const raw: string[] = [];
  let offset = window.offset ?? 0;
  for (let page = 0; page < MAX_PAGES && results.length < wanted; page++) {
    const limit = Math.min(STARROCKS_PAGE_SIZE, wanted - results.length);
    const reply = await client.send<StarRocksPage>({ method: 'GET', path, query: { offset: String(offset), limit: String(limit) } });
    raw.push(reply.body);
    const items = Array.isArray(reply.data.replications) ? reply.data.replications.slice(0, wanted - results.length) : [];
    const observedAt = new Date(now()).toISOString();
    results.push(...items.map((item) => normalizeStarRocks(instanceId, item ?? {}, observedAt)));
    offset += items.length;
    const total = toNumber(reply.data.total_count);
    if (items.length === 0 || (total !== null && offset >= total)) break;
  }
  // An empty instance is an answer, not an error: say so (a table would be just a header).
  const warnings = results.length === 0 ? [`no sync tasks on instance ${instanceId}${(window.offset ?? 0) > 0 ? ` from offset ${window.offset}` : ''}`] : [];
  return { results, raw, warnings };
}
