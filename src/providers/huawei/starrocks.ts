import { SyncstatError } from '../../core/errors.js';
import { makeResult, phaseOf, toNumber, type Phase, type Result } from '../../core/model.js';
import { FieldReader, listOfObjects, lookup } from '../../core/shape.js';
import type { Fetched } from '../../core/report.js';
import { mapLimit } from '../../core/pool.js';
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
/**
 * The most pages one run reads of an instance (200,000 tasks): a bogus total_count must not send
 * millions of requests. Past it the rest is left unread, and a warning says so: never silently.
 */
export const MAX_PAGES = 4000;

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
 * Every sync task of an instance (or the window asked for), in pages of at most 50. The first page
 * gives total_count; the other pages are then read concurrently (at most `concurrency` at once,
 * through the service's shared limiter), and put together in order. Without a total_count the pages
 * are read one after another until an empty one. Reading stops at MAX_PAGES, with a warning.
 */
export async function fetchStarRocks(client: HuaweiClient, instanceId: string, window: PageWindow, now: () => number, concurrency = 1): Promise<Fetched> {
  const path = `/instances/${encodeURIComponent(instanceId)}/starrocks/databases/replication`;
  const start = window.offset ?? 0;
  const wanted = window.limit ?? Infinity;
  const notes: string[] = [];
  const readPage = async (offset: number, limit: number) => {
    const reply = await client.send<StarRocksPage>({ method: 'GET', path, query: { offset: String(offset), limit: String(limit) } });
    let items: StarRocksItem[];
    try {
      items = listOfObjects(reply.data.replications, 'replications', reply.requestId).slice(0, limit);
    } catch (err) {
      if (err instanceof SyncstatError) err.rawBody ??= reply.body;
      throw err;
    }
    const observedAt = new Date(now()).toISOString();
    const rows = items.map((item) => {
      const fields = new FieldReader();
      const row = normalizeStarRocks(instanceId, item, observedAt, fields);
      notes.push(...fields.warnings(`${instanceId} task ${row.id}`));
      return row;
    });
    return { rows, body: reply.body, total: toNumber(reply.data.total_count) };
  };

  const first = await readPage(start, Math.min(STARROCKS_PAGE_SIZE, wanted));
  const pages = [first];
  const end = first.total === null ? null : Math.min(first.total, start + wanted);
  if (first.rows.length > 0 && end !== null) {
    // The remaining offsets are known: read them side by side.
    const offsets: number[] = [];
    for (let o = start + first.rows.length; o < end && offsets.length + 1 < MAX_PAGES; o += STARROCKS_PAGE_SIZE) offsets.push(o);
    pages.push(...(await mapLimit(offsets, concurrency, (o) => readPage(o, Math.min(STARROCKS_PAGE_SIZE, start + wanted - o)))));
    const read = pages.reduce((n, p) => n + p.rows.length, 0);
    if (start + read < end) notes.push(`instance ${instanceId} reports ${first.total} sync tasks; read ${read} from offset ${start} (at most ${MAX_PAGES} pages of ${STARROCKS_PAGE_SIZE} in one run${pages.some((p, i) => i < pages.length - 1 && p.rows.length < STARROCKS_PAGE_SIZE) ? ', and some pages came back short' : ''}); use --offset ${start + read} for the rest`);
  } else if (first.rows.length > 0) {
    // No total_count: one page after another until an empty one, the window is full, or MAX_PAGES.
    let offset = start + first.rows.length;
    let read = first.rows.length;
    for (; read < wanted && pages.length < MAX_PAGES; ) {
      const page = await readPage(offset, Math.min(STARROCKS_PAGE_SIZE, wanted - read));
      if (page.rows.length === 0) break;
      pages.push(page);
      offset += page.rows.length;
      read += page.rows.length;
    }
    if (pages.length >= MAX_PAGES && read < wanted) notes.push(`instance ${instanceId}: stopped after ${MAX_PAGES} pages (${read} sync tasks) without reaching the end; use --offset ${offset} for the rest`);
  }
  const results: Result[] = pages.flatMap((p) => p.rows);
  // An empty instance is an answer, not an error: say so (a table would be just a header).
  const warnings = results.length === 0 ? [`no sync tasks on instance ${instanceId}${start > 0 ? ` from offset ${start}` : ''}`] : [];
  return { results, raw: pages.map((p) => p.body), warnings: [...warnings, ...notes] };
}
