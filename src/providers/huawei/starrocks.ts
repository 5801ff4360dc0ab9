import { SyncstatError } from '../../core/errors.js';
import { makeResult, phaseOf, toNumber, type Phase, type Result } from '../../core/model.js';
import { FieldReader, listOfObjects, lookup } from '../../core/shape.js';
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

/** One sync task as documented; read as `unknown` values (the service may send anything). */
export interface StarRocksItem {
  source_database?: unknown;
  target_database?: unknown;
  task_name?: unknown;
  status?: unknown;
  stage?: unknown;
  percentage?: unknown;
  catchup_stage?: unknown;
  catchup_percentage?: unknown;
}

interface StarRocksPage {
  total_count?: unknown;
  replications?: unknown;
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
  const known = lookup(STARROCKS_STATUS_PHASES, byStatus);
  if (known) return known;
  if (byStatus !== null && !Object.hasOwn(STARROCKS_STATUS_PHASES, byStatus)) return 'unknown';
  return phaseOf(STARROCKS_STAGE_PHASES, lower(stage));
}

/** One sync task's row; every field read as what it should be (an object where text belongs is dropped and noted). */
export function normalizeStarRocks(instanceId: string, item: StarRocksItem, observedAt: string, fields = new FieldReader()): Result {
  const rawStage = fields.text(item.stage, 'stage');
  const status = fields.text(item.status, 'status');
  const stage = lower(rawStage);
  const phase = starRocksPhase(status, rawStage);
  return makeResult({
    provider: 'huawei',
    kind: 'starrocks',
    // The row id is the task's name: an empty or unusable one still makes a row (the schema wants an id).
    id: fields.text(item.task_name, 'task_name') || '(unnamed)',
    phase,
    status,
    progress: fields.percent(item.percentage, 'percentage'),
    // One spelling for display ("Incremental" and "incremental" both occur); details.stage keeps the raw value.
    stage,
    message: lookup(STARROCKS_STAGE_MESSAGES, stage) ?? null,
    observedAt,
    details: {
      instanceId,
      sourceDatabase: fields.text(item.source_database, 'source_database'),
      targetDatabase: fields.text(item.target_database, 'target_database'),
      stage: rawStage,
      catchupStage: fields.text(item.catchup_stage, 'catchup_stage'),
      catchupProgress: fields.percent(item.catchup_percentage, 'catchup_percentage'),
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
  const notes: string[] = [];
  let offset = window.offset ?? 0;
  for (let page = 0; page < MAX_PAGES && results.length < wanted; page++) {
    const limit = Math.min(STARROCKS_PAGE_SIZE, wanted - results.length);
    const reply = await client.send<StarRocksPage>({ method: 'GET', path, query: { offset: String(offset), limit: String(limit) } });
    raw.push(reply.body);
    let items: StarRocksItem[];
    try {
      items = listOfObjects(reply.data.replications, 'replications', reply.requestId).slice(0, wanted - results.length);
    } catch (err) {
      if (err instanceof SyncstatError) err.rawBody ??= reply.body;
      throw err;
    }
    const observedAt = new Date(now()).toISOString();
    for (const item of items) {
      const fields = new FieldReader();
      const row = normalizeStarRocks(instanceId, item, observedAt, fields);
      results.push(row);
      notes.push(...fields.warnings(`${instanceId} task ${row.id}`));
    }
    offset += items.length;
    const total = toNumber(reply.data.total_count);
    if (items.length === 0 || (total !== null && offset >= total)) break;
  }
  // An empty instance is an answer, not an error: say so (a table would be just a header).
  const warnings = results.length === 0 ? [`no sync tasks on instance ${instanceId}${(window.offset ?? 0) > 0 ? ` from offset ${window.offset}` : ''}`] : [];
  return { results, raw, warnings: [...warnings, ...notes] };
}
