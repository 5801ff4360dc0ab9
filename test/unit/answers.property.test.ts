import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HttpRequest } from '../../src/core/http.js';
import { Logger } from '../../src/core/log.js';
import type { Report } from '../../src/core/model.js';
import { reportExitCode } from '../../src/core/report.js';
import { DEFAULT_RETRY } from '../../src/core/retry.js';
import { SecretRegistry } from '../../src/core/secrets.js';
import type { Session } from '../../src/core/session.js';
import { queryBatch, queryStarRocks } from '../../src/providers/huawei/index.js';
import { DRS_PHASES } from '../../src/providers/huawei/states.js';
import { queryPrecheck, queryStatus } from '../../src/providers/ninedata/index.js';
import { NINEDATA_TASK_PHASES } from '../../src/providers/ninedata/states.js';
import { queryUdts } from '../../src/providers/ucloud/index.js';
import { UDTS_PHASES } from '../../src/providers/ucloud/states.js';
import { diffResults, renderEvents } from '../../src/render/events.js';
import { renderPrecheckGithub } from '../../src/render/github.js';
import { renderJson, renderNdjson, renderRaw, renderTsv } from '../../src/render/json.js';
import { renderPrecheckJunit } from '../../src/render/junit.js';
import { NO_PAINT } from '../../src/render/paint.js';
import { precheckFailureRule } from '../../src/render/precheck-items.js';
import { renderPrecheckTable, renderTable } from '../../src/render/table.js';
import { deeplyNestedJson } from '../../src/sim/faults.js';
import { assertValidDefinition, assertValidOutput } from '../schema.js';

// Property: whatever a service answers (the documented shapes of all five APIs, generated, then
// mutated: wrong types, nulls, huge, negative and NaN-ish numbers, deep nesting, unknown statuses,
// Object.prototype names, other HTTP statuses, BOMs, cut-off and non-JSON bodies), the provider's
// parsing and normalizing never throws, every renderer copes, the JSON validates against
// schema/output.schema.json, every id asked for is reported once (a row or an error), and the exit
// code is a documented one.

const RUNS = Number(process.env.SYNCSTAT_PROPERTY_RUNS ?? 200);
const DOCUMENTED_EXITS = [0, 1, 2, 3, 4, 5, 6];

// ---- hostile values -----------------------------------------------------------------------------

/** A value nested `depth` levels deep, written into the body as text (JSON.stringify overflows on it). */
class Deep {
  constructor(readonly depth: number) {}
}

const NASTY_STRINGS = ['', ' ', 'NaN', '-5', '-0', '1e400', '-1e400', 'Infinity', '0x10', ' 42 ', '100.0000001', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', '\u001b[31mred', 'a\nb', '\uFEFF', 'null', '[object Object]'];
const NASTY_NUMBERS = [-1, -100, -0.5, 0, 0.5, 1, 100, 100.5, 101, 1e21, 1e308, -1e308, Number.MAX_SAFE_INTEGER, 2 ** 53 + 1];

const leaf = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(...NASTY_NUMBERS),
  fc.string({ maxLength: 12 }),
  fc.constantFrom(...NASTY_STRINGS),
);

const weird: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: leaf },
  { weight: 2, arbitrary: fc.array(leaf, { maxLength: 3 }) },
  { weight: 2, arbitrary: fc.dictionary(fc.constantFrom('a', 'status', 'id', 'message', '__proto__'), leaf, { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(new Deep(5000), new Deep(20000), new Deep(3)) },
);

// ---- mutations ----------------------------------------------------------------------------------

type Path = Array<string | number>;

/**
 * Every path in a JSON-ish value, walked without recursion. An own "__proto__" key (which a hostile
 * answer may carry) is served but not walked into: assigning through it here would change prototypes.
 */
function pathsOf(root: unknown): Path[] {
  const out: Path[] = [];
  const stack: Array<[unknown, Path]> = [[root, []]];
  while (stack.length) {
    const [value, path] = stack.pop()!;
    out.push(path);
    if (Array.isArray(value)) value.forEach((v, i) => stack.push([v, [...path, i]]));
    else if (value && typeof value === 'object' && !(value instanceof Deep)) for (const [k, v] of Object.entries(value)) if (k !== '__proto__') stack.push([v, [...path, k]]);
  }
  return out;
}

interface Mutation {
  at: number;
  op: 'set' | 'delete';
  value: unknown;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({ at: fc.nat(), op: fc.constantFrom('set' as const, 'set' as const, 'delete' as const), value: weird });

/** The body with the mutations applied, on copies: the generated values are reused by every retry. */
function mutate(body: unknown, mutations: Mutation[]): unknown {
  let root = structuredClone(body);
  for (const m of mutations) {
    const paths = pathsOf(root);
    const path = paths[m.at % paths.length];
    const value = m.value instanceof Deep ? m.value : structuredClone(m.value);
    if (path.length === 0) {
      if (m.op === 'set') root = value;
      continue;
    }
    let parent = root as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
    const key = path[path.length - 1];
    if (m.op === 'delete') {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
    } else parent[key] = value;
  }
  return root;
}

// ---- bodies on the wire -------------------------------------------------------------------------

function toText(body: unknown): string {
  const text = JSON.stringify(body, (_k, v: unknown) => (v instanceof Deep ? `\u0000deep${v.depth}\u0000` : v)) ?? 'undefined';
  return text.replace(/"\\u0000deep(\d+)\\u0000"/g, (_m, depth: string) => deeplyNestedJson(Number(depth)));
}

type Wire = 'json' | 'bom' | 'truncated' | 'html' | 'empty' | 'garbage';
const wire = fc.constantFrom<Wire>('json', 'json', 'json', 'json', 'json', 'json', 'bom', 'truncated', 'html', 'empty', 'garbage');

function onWire(body: unknown, how: Wire): string {
  const text = toText(body);
  switch (how) {
    case 'json':
      return text;
    case 'bom':
      return `\uFEFF${text}`;
    case 'truncated':
      return text.slice(0, Math.floor(text.length / 2));
    case 'html':
      return '<html><body>502 Bad Gateway</body></html>';
    case 'empty':
      return '';
    case 'garbage':
      return '\u0000\u0001\u0002 not json at all';
  }
}

/** An answer: the generated body, mutated, with an HTTP status (mostly the success one) and a wire form. */
interface Answer {
  body: unknown;
  mutations: Mutation[];
  status: number;
  wire: Wire;
}

function answers(body: fc.Arbitrary<unknown>, okStatus: number): fc.Arbitrary<Answer> {
  return fc.record({
    body,
    mutations: fc.array(mutation, { maxLength: 4 }),
    status: fc.oneof({ weight: 8, arbitrary: fc.constant(okStatus) }, { weight: 2, arbitrary: fc.constantFrom(200, 201, 204, 400, 401, 403, 404, 429, 500, 502, 503) }),
    wire,
  });
}

// ---- a session whose every request gets the generated answer --------------------------------------

const ENV = {
  NINEDATA_ENDPOINT: 'http://nd.test',
  NINEDATA_ACCESS_KEY_ID: 'nd-key-id',
  NINEDATA_ACCESS_KEY_SECRET: 'nd-key-secret',
  UCLOUD_API_BASE_URL: 'http://uc.test',
  UCLOUD_PUBLIC_KEY: 'uc-public-key',
  UCLOUD_PRIVATE_KEY: 'uc-private-key',
  HUAWEICLOUD_SDK_AK: 'HWAKEXAMPLE000000000',
  HUAWEICLOUD_SDK_SK: 'hw-secret-key-example',
  HUAWEICLOUD_SDK_PROJECT_ID: '0123456789abcdef0123456789abcdef',
  HUAWEICLOUD_SDK_REGION: 'cn-north-4',
  HUAWEICLOUD_DRS_ENDPOINT: 'http://drs.test',
  HUAWEICLOUD_GAUSSDB_ENDPOINT: 'http://gaussdb.test',
};
const CACHE = mkdtempSync(join(tmpdir(), 'syncstat-prop-'));

function session(respond: (req: HttpRequest, n: number) => { status: number; body: string }): Session {
  const secrets = new SecretRegistry();
  let n = 0;
  return {
    env: ENV,
    now: () => Date.parse('2026-11-25T10:00:00Z'),
    sleep: async () => {},
    random: () => 0,
    http: {
      send: async (req) => ({ headers: { 'x-request-id': 'req-1' }, url: req.url, ...respond(req, n++) }),
      close: async () => {},
    },
    log: new Logger({ write: () => {} }, secrets, true),
    secrets,
    retry: { ...DEFAULT_RETRY, retries: 1 },
    concurrency: 2,
    config: { filepath: null, config: {} },
    profile: 'default',
    flags: {},
    cacheDir: CACHE,
    homedir: CACHE,
  };
}

const reply = (a: Answer) => ({ status: a.status, body: onWire(mutate(a.body, a.mutations), a.wire) });

// ---- what must hold for any report ----------------------------------------------------------------

function checkReport(report: Report, askedIds: readonly string[], opts: { precheck?: boolean; rowsById?: boolean } = {}): void {
  const json = JSON.parse(renderJson(report));
  assertValidOutput(json);
  for (const line of renderNdjson(report).split('\n').filter(Boolean)) assertValidDefinition('ndjsonLine', JSON.parse(line));
  for (const event of renderEvents(diffResults(new Map(), report, '2026-11-25T10:00:00.000Z')).split('\n').filter(Boolean)) assertValidDefinition('changeEvent', JSON.parse(event));
  renderTsv(report);
  renderRaw(report);
  renderTable(report, { paint: NO_PAINT, wide: true, changed: new Set(askedIds) });
  expect(DOCUMENTED_EXITS).toContain(reportExitCode(report));
  if (opts.precheck) {
    for (const failOn of ['failure', 'warning'] as const) {
      renderPrecheckTable(report, { paint: NO_PAINT, failOn });
      renderPrecheckJunit(report, { failOn });
      renderPrecheckGithub(report, { failOn });
      const rule = precheckFailureRule({ failOn });
      for (const r of report.results) rule.why(r);
      expect(DOCUMENTED_EXITS).toContain(reportExitCode(report, rule.fails));
    }
  }
  for (const e of report.errors) expect(DOCUMENTED_EXITS).toContain(e.exitCode);
  if (opts.rowsById) {
    // Every id asked for is reported exactly once, as a row or an error, under the id asked for.
    const reported = [...report.results.map((r) => r.id), ...report.errors.map((e) => e.id)].sort();
    expect(reported).toEqual([...askedIds].sort());
  }
}

// ---- the documented shapes (api/*.md) ------------------------------------------------------------

const ND_IDS = ['rp-div0t0awwobr', 'rp-fullload0001'];
const ndStatus = fc.oneof(fc.constantFrom(...Object.keys(NINEDATA_TASK_PHASES)), fc.constantFrom('Running', 'hibernating', 'constructor'));
const percent = fc.oneof(fc.integer({ min: 0, max: 100 }), fc.double({ min: 0, max: 100, noNaN: true }), fc.integer({ min: 0, max: 100 }).map(String));

const ndEnvelope = (data: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { weight: 8, arbitrary: fc.record({ success: fc.constant(true), requestId: fc.string({ maxLength: 16 }), data }) },
    { weight: 2, arbitrary: fc.record({ success: fc.constant(false), requestId: fc.string({ maxLength: 16 }), data: fc.constant(null), message: fc.string(), errorCode: fc.oneof(fc.string(), fc.integer()) }, { requiredKeys: ['success'] }) },
  );

const ndStatusData = (id: string) =>
  fc.record(
    {
      replicationId: fc.constant(id),
      status: ndStatus,
      currentSubTaskType: fc.constantFrom('schema', 'full', 'inc_writer', 'trigger'),
      subTaskList: fc.array(
        fc.record({ subTaskType: fc.constantFrom('schema', 'full', 'inc_writer', 'trigger'), status: ndStatus, percent, delay: fc.oneof(fc.nat(), fc.nat().map(String)) }, { requiredKeys: ['subTaskType', 'status', 'percent'] }),
        { maxLength: 5 },
      ),
    },
    { requiredKeys: ['status', 'subTaskList'] },
  );

const ndPrecheckData = (id: string) =>
  fc.record(
    {
      replicationId: fc.constant(id),
      precheckStatus: fc.constantFrom('success', 'warning', 'failure', 'running', 'constructor'),
      items: fc.array(
        fc.record({ itemId: fc.string(), itemName: fc.string(), itemDescription: fc.string(), status: fc.constantFrom('success', 'warning', 'failure', 'skipped', 'constructor', 'toString'), message: fc.string() }, { requiredKeys: ['itemId', 'status'] }),
        { maxLength: 5 },
      ),
    },
    { requiredKeys: ['precheckStatus', 'items'] },
  );

const UC_IDS = ['udts-ixdp441', 'udts-done0001'];
const ucBody = fc.record(
  {
    RetCode: fc.oneof({ weight: 8, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.constantFrom('0', 153, 171, 230, 160, '230') }),
    Action: fc.constant('GetUDTSTaskStatusResponse'),
    Message: fc.string(),
    Data: fc.record(
      {
        Status: fc.oneof(fc.constantFrom(...Object.keys(UDTS_PHASES)), fc.constantFrom('Hibernating', '__proto__')),
        FailedMessage: fc.string(),
        CurRetryCount: fc.nat(5),
        MaxRetryCount: fc.nat(5),
        Progress: fc.record(
          { TotalCount: fc.nat(), CurCount: fc.nat(), TotalDuration: fc.nat(), CurDuration: fc.nat(), Percentage: fc.oneof(percent, fc.double({ min: 0, max: 1, noNaN: true })), RedisOffsetSize: fc.nat(), RedisDelayTime: fc.nat(), MongoDelayTime: fc.nat() },
          { requiredKeys: [] },
        ),
        Sync: fc.record({ BinlogName: fc.string(), BinlogPos: fc.nat(), BinlogGTID: fc.string() }, { requiredKeys: [] }),
      },
      { requiredKeys: ['Status'] },
    ),
  },
  { requiredKeys: ['RetCode', 'Data'] },
);

const SR_INSTANCE = 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4in17';
const srStage = fc.constantFrom('wait', 'incremental', 'Incremental', 'full', 'cancelled', 'paused', 'CANCELLED', null, 'constructor');
const srBody = fc.record({
  total_count: fc.oneof(fc.nat(60).map(String), fc.nat(60)),
  replications: fc.array(
    fc.record({
      source_database: fc.string(),
      target_database: fc.string(),
      task_name: fc.string({ maxLength: 10 }),
      status: fc.constantFrom('Yes', 'No', 'yes', 'Maybe', null),
      stage: srStage,
      percentage: fc.oneof(percent, fc.constant(null)),
      catchup_stage: srStage,
      catchup_percentage: fc.oneof(percent, fc.constant(null)),
    }),
    { maxLength: 6 },
  ),
  ext_text: fc.constant(null),
});

const DRS_IDS = ['9a470239-2308-4bb5-a6bc-1040402fjb21', 'dc67695a-ee3e-49b8-a022-a099bd81jb21', '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6jb20r'];
const drsItem = fc.record(
  {
    id: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...DRS_IDS) }, { weight: 1, arbitrary: fc.string() }),
    status: fc.oneof(fc.constantFrom(...Object.keys(DRS_PHASES)), fc.constantFrom('PAUSEING', 'HIBERNATING', 'constructor')),
    task_type: fc.constantFrom('FULL_TRANS', 'FULL_INCR_TRANS', 'full_trans'),
    error_code: fc.constantFrom('DRS.M05003', 'DRS.10000'),
    error_message: fc.string(),
  },
  { requiredKeys: ['status'] },
);
const drsBody = fc.oneof(
  fc.record({ results: fc.array(drsItem, { maxLength: 4 }), count: fc.nat(4) }),
  fc.record({ jobs: fc.array(drsItem, { maxLength: 4 }), count: fc.nat(4) }),
  fc.record({ error_code: fc.constantFrom('DRS.M00202', 'APIGW.0308', 'APIGW.0301'), error_msg: fc.string() }),
  fc.record({ error: fc.record({ code: fc.oneof(fc.string(), fc.integer()), message: fc.string() }) }),
);

// ---- the properties ---------------------------------------------------------------------------

// A failure prints its seed; SYNCSTAT_PROPERTY_SEED=<seed> replays it.
const SEED = process.env.SYNCSTAT_PROPERTY_SEED === undefined ? undefined : Number(process.env.SYNCSTAT_PROPERTY_SEED);
const opts = { numRuns: RUNS, endOnFailure: true, ...(SEED === undefined ? {} : { seed: SEED }) } as const;

describe('any answer to any of the five APIs: no throw, schema-valid output, documented exit codes', () => {
  it('NineData replication status', async () => {
    const perId = fc.tuple(...ND_IDS.map((id) => answers(ndEnvelope(ndStatusData(id)), 200)));
    await fc.assert(
      fc.asyncProperty(perId, async (given) => {
        const s = session((req) => reply(given[ND_IDS.findIndex((id) => req.url.includes(id))]));
        checkReport(await queryStatus(s, ND_IDS), ND_IDS, { rowsById: true });
      }),
      opts,
    );
  });

  it('NineData precheck', async () => {
    const perId = fc.tuple(...ND_IDS.map((id) => answers(ndEnvelope(ndPrecheckData(id)), 200)));
    await fc.assert(
      fc.asyncProperty(perId, async (given) => {
        const s = session((req) => reply(given[ND_IDS.findIndex((id) => req.url.includes(id))]));
        checkReport(await queryPrecheck(s, ND_IDS), ND_IDS, { precheck: true, rowsById: true });
      }),
      opts,
    );
  });

  it('UCloud GetUDTSTaskStatus', async () => {
    const perId = fc.tuple(...UC_IDS.map(() => answers(ucBody, 200)));
    await fc.assert(
      fc.asyncProperty(perId, async (given) => {
        const s = session((req) => reply(given[UC_IDS.findIndex((id) => (req.body ?? '').includes(id))]));
        checkReport(await queryUdts(s, UC_IDS, {}), UC_IDS, { rowsById: true });
      }),
      opts,
    );
  });

  it('Huawei TaurusDB StarRocks sync tasks (paged)', async () => {
    await fc.assert(
      fc.asyncProperty(answers(srBody, 200), async (given) => {
        // The generated page first; then an empty page, as a service past its last row answers.
        const s = session((_req, n) => (n === 0 ? reply(given) : { status: 200, body: '{"total_count":"0","replications":[]}' }));
        const report = await queryStarRocks(s, [SR_INSTANCE]);
        checkReport(report, [SR_INSTANCE]);
        for (const e of report.errors) expect(e.id).toBe(SR_INSTANCE);
      }),
      opts,
    );
  });

  it('Huawei DRS batch status', async () => {
    await fc.assert(
      fc.asyncProperty(answers(drsBody, 200), async (given) => {
        const s = session(() => reply(given));
        checkReport(await queryBatch(s, DRS_IDS), DRS_IDS, { rowsById: true });
      }),
      opts,
    );
  });
});
