import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { DRS_JOBS, STARROCKS_SMALL } from '../../src/providers/huawei/sim/scenario.js';
import type { SimTask } from '../../src/sim/types.js';
import { runVirtual, startVirtualSim, type VirtualSim } from '../inproc.js';
import { assertValidOutput } from '../schema.js';

// --query, --columns, --sort-by, --no-headers, -o wide and -o yaml, in-process against the simulator.

let sim: VirtualSim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function started(replications?: Record<string, SimTask>): Promise<VirtualSim> {
  sim = await startVirtualSim(replications ? { ninedata: { replications } } : {});
  return sim;
}

/** One run on a simulator of its own: a wait advances the virtual clock, and the next run would start later. */
async function once(replications: Record<string, SimTask>, argv: string[], opts: Parameters<typeof runVirtual>[2] = {}) {
  const own = await startVirtualSim({ ninedata: { replications } });
  try {
    return await runVirtual(own, argv, opts);
  } finally {
    await own.close();
  }
}

const SYNCING = 'rp-div0t0awwobr';
const FAILED = 'rp-failed000001';
const lines = (text: string) => text.trimEnd().split('\n');

/** Exit 2, one stderr line matching `message`, nothing on stdout, no request sent. */
async function expectUsage(argv: string[], message: RegExp, opts: Parameters<typeof runVirtual>[2] = {}): Promise<string> {
  const s = sim ?? (await started());
  const before = s.requests.length;
  const res = await runVirtual(s, argv, opts);
  expect(res.code, res.stderr).toBe(2);
  expect(res.stdout).toBe('');
  expect(lines(res.stderr), 'one line').toHaveLength(1);
  expect(res.stderr.trimEnd()).toMatch(message);
  expect(s.requests.length, 'no request sent').toBe(before);
  return res.stderr;
}

describe('--query', () => {
  it('prints the result as JSON, YAML or NDJSON; the exit code still judges every row', async () => {
    const s = await started();
    const query = 'results[].{id: id, phase: phase}';
    const want = [{ id: SYNCING, phase: 'syncing' }, { id: FAILED, phase: 'failed' }];
    const json = await runVirtual(s, ['status', SYNCING, FAILED, '--query', query, '-o', 'json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual(want);
    expect(json.stderr).toMatch(/^error: rp-failed000001 failed/m);
    const yaml = await runVirtual(s, ['status', SYNCING, FAILED, '--query', query, '-o', 'yaml']);
    expect(yaml.code).toBe(1);
    expect(load(yaml.stdout)).toEqual(want);
    expect(yaml.stdout).toBe(`- id: ${SYNCING}\n  phase: syncing\n- id: ${FAILED}\n  phase: failed\n`);
    const ndjson = await runVirtual(s, ['status', SYNCING, FAILED, '--query', query, '-o', 'ndjson']);
    expect(lines(ndjson.stdout).map((l) => JSON.parse(l))).toEqual(want);
    // A scalar: one JSON value; with --json too; the default off a terminal is JSON.
    const lag = await runVirtual(s, ['status', SYNCING, '--query', 'results[0].lagMs']);
    expect(lag.stdout).toBe('672\n');
    expect((await runVirtual(s, ['status', SYNCING, '--query', 'results[0].lagMs', '-o', 'yaml'])).stdout).toBe('672\n');
    // A null result: "null" in JSON, nothing in NDJSON.
    expect((await runVirtual(s, ['status', SYNCING, '--query', 'nothing'])).stdout).toBe('null\n');
    expect((await runVirtual(s, ['status', SYNCING, '--query', 'nothing', '-o', 'ndjson'])).stdout).toBe('');
  });

  it('with -o tsv / table / wide: objects become rows under the union of their keys, scalars one per line', async () => {
    const s = await started();
    const rows = "results[].{id: id, lag: lagMs, sub: details.subtasks[?status=='failed'].type | [0]}";
    const tsv = await runVirtual(s, ['status', SYNCING, FAILED, '--query', rows, '-o', 'tsv']);
    expect(tsv.stdout).toBe(`id\tlag\tsub\n${SYNCING}\t672\t\n${FAILED}\t\tfull\n`);
    const table = await runVirtual(s, ['status', SYNCING, FAILED, '--query', rows, '-o', 'table']);
    expect(lines(table.stdout)).toEqual(['ID               LAG  SUB', `${SYNCING}  672  -`, `${FAILED}  -    full`]);
    const wide = await runVirtual(s, ['status', SYNCING, FAILED, '--query', rows, '-o', 'wide', '--no-headers']);
    expect(lines(wide.stdout)).toEqual([`${SYNCING}  672  -`, `${FAILED}  -    full`]);
    // Union of keys in first-seen order; a key an object lacks is empty.
    const union = await runVirtual(s, ['status', SYNCING, FAILED, '--query', "results[].merge({id: id}, phase == 'failed' && {why: status} || {ok: `true`})", '-o', 'tsv']);
    expect(union.stdout).toBe(`id\tok\twhy\n${SYNCING}\ttrue\t\n${FAILED}\t\tfailed\n`);
    // A list of scalars: one per line, no header; a list of lists: tab-separated.
    expect((await runVirtual(s, ['status', SYNCING, FAILED, '--query', 'results[].id', '-o', 'tsv'])).stdout).toBe(`${SYNCING}\n${FAILED}\n`);
    expect((await runVirtual(s, ['status', SYNCING, FAILED, '--query', 'results[].id', '-o', 'table'])).stdout).toBe(`${SYNCING}\n${FAILED}\n`);
    expect((await runVirtual(s, ['status', SYNCING, FAILED, '--query', 'results[].[id, phase]', '-o', 'tsv'])).stdout).toBe(`${SYNCING}\tsyncing\n${FAILED}\tfailed\n`);
    expect((await runVirtual(s, ['status', SYNCING, '--query', 'results[0].lagMs', '-o', 'tsv'])).stdout).toBe('672\n');
    expect((await runVirtual(s, ['status', SYNCING, '--query', 'length(results)', '-o', 'table'])).stdout).toBe('1\n');
  });

  it('`--query @` with -o json is exactly the normal JSON output', async () => {
    const s = await started();
    const plain = await runVirtual(s, ['status', SYNCING, FAILED, 'rp-nosuchtask01', '-o', 'json']);
    const same = await runVirtual(s, ['status', SYNCING, FAILED, 'rp-nosuchtask01', '-o', 'json', '--query', '@']);
    // The service's request ids differ from run to run.
    const stable = (text: string) => text.replace(/"requestId": "[^"]*"/g, '"requestId": "-"');
    expect(stable(same.stdout)).toBe(stable(plain.stdout));
    expect(same.code).toBe(plain.code);
    assertValidOutput(JSON.parse(same.stdout));
  });

  it('reads the errors too, as -o json shows them', async () => {
    const s = await started();
    const res = await runVirtual(s, ['status', SYNCING, 'rp-nosuchtask01', '--query', 'errors[].[id, code]', '-o', 'tsv']);
    expect(res.code).toBe(4);
    expect(res.stdout).toMatch(/^rp-nosuchtask01\t\S+\n$/);
  });

  it.each([
    ["results[?phase=='x'", /^syncstat: error: --query: expected Rbracket, got: EOF at column 20: results\[\?phase=='x'\. See https:\/\/jmespath\.site/],
    ['results[0', /^syncstat: error: --query: .* at column 10: results\[0\./],
    ['results foo', /^syncstat: error: --query: unexpected token type: UnquotedIdentifier, value: foo at column 9: results foo\./],
    ['results[] ~ x', /^syncstat: error: --query: unknown character: ~ at column 11: /],
    ['nope(results)', /^syncstat: error: --query: unknown function nope\(\): nope\(results\)\./],
  ])('a bad expression %j: exit 2 with the parser\'s words and the column, before any request', async (expr, message) => {
    await expectUsage(['status', SYNCING, '--query', expr], message);
  });

  it('an expression that fails on the data (a type error) is exit 2 too, in one line', async () => {
    const s = await started();
    const res = await runVirtual(s, ['status', SYNCING, '--query', 'abs(results[0].id)']);
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    expect(lines(res.stderr)).toEqual([expect.stringMatching(/^syncstat: error: --query: Invalid type: abs\(\) expected argument 1 to be type \(number\)/)]);
  });

  it('is refused with --raw, with --columns, and with a format it cannot shape (junit)', async () => {
    await expectUsage(['status', SYNCING, '--query', '@', '--raw'], /^syncstat: error: --query shapes syncstat's own rows, and --raw prints the vendor's responses untouched\. Drop one of them$/);
    await expectUsage(['status', SYNCING, '--query', '@', '--columns', 'id'], /^syncstat: error: --columns picks the columns of the rows, and --query makes its own/);
    await expectUsage(['precheck', 'rp-div0qqpbffio', '--query', '@', '-o', 'junit'], /^syncstat: error: --query does not apply to -o junit\. It shapes -o json, -o yaml, -o ndjson, -o tsv, -o table, -o wide$/);
  });
});

describe('--columns', () => {
  it('picks and orders TSV and table columns: fields, lag, details paths; errors are rows', async () => {
    const s = await started();
    const argv = ['status', SYNCING, FAILED, 'rp-nosuchtask01', '--columns', 'id,PHASE,lag,progress,details.subtasks.1.status,message'];
    const tsv = await runVirtual(s, [...argv, '-o', 'tsv']);
    expect(tsv.code).toBe(4);
    expect(lines(tsv.stdout)).toEqual([
      'id\tphase\tlag\tprogress\tdetails.subtasks.1.status\tmessage',
      `${SYNCING}\tsyncing\t672\t\tsuccess\t`,
      `${FAILED}\tfailed\t\t41\tfailed\t`,
      expect.stringMatching(/^rp-nosuchtask01\terror\t\t\t\t\S/),
    ]);
    const table = await runVirtual(s, [...argv, '-o', 'table']);
    expect(lines(table.stdout)[0]).toBe('ID               PHASE    LAG    PROGRESS  DETAILS.SUBTASKS.1.STATUS  MESSAGE');
    expect(lines(table.stdout)[1]).toBe(`${SYNCING}  syncing  672ms  -         success                    -`);
    expect(lines(table.stdout)[2]).toBe(`${FAILED}  failed   -      41%       failed                     -`);
    const wide = await runVirtual(s, [...argv, '-o', 'wide', '--no-headers']);
    // Without headers, only the cells set the widths.
    expect(lines(wide.stdout)[0]).toBe(`${SYNCING}  syncing  672ms  -    success  -`);
    // Off a terminal without -o, the columns come as TSV (JSON has no columns); on one, as a table.
    expect((await runVirtual(s, ['status', SYNCING, '--columns', 'id,phase'])).stdout).toBe(`id\tphase\n${SYNCING}\tsyncing\n`);
    expect((await runVirtual(s, ['status', SYNCING, '--columns', 'id,phase'], { stdoutIsTTY: true, columns: 100, env: { NO_COLOR: '1' } })).stdout).toBe(`ID               PHASE\n${SYNCING}  syncing\n`);
  });

  it('of every TSV field is exactly the default TSV', async () => {
    const s = await started();
    const ids = [SYNCING, FAILED, 'rp-nosuchtask01'];
    const plain = await runVirtual(s, ['status', ...ids, '-o', 'tsv']);
    const picked = await runVirtual(s, ['status', ...ids, '-o', 'tsv', '--columns', 'provider,kind,id,phase,status,progress,lagMs,stage,message,observedAt']);
    expect(picked.stdout).toBe(plain.stdout);
  });

  it('an unknown column is exit 2 with the known ones listed (and the nearest)', async () => {
    const err = await expectUsage(['status', SYNCING, '--columns', 'id,lagg'], /^syncstat: error: --columns: unknown column "lagg" \(did you mean "lag"\?\)\. Known columns: provider, kind, id, name, service, phase, status, stage, progress, lag, lagMs, message, observedAt, details, details\.<path>$/);
    expect(err).toContain('details.<path>');
    await expectUsage(['status', SYNCING, '--columns', 'details.'], /--columns: unknown column "details\."/);
    await expectUsage(['status', SYNCING, '--columns', ','], /^syncstat: error: --columns names no column/);
    await expectUsage(['status', SYNCING, '--columns', 'id', '-o', 'json'], /^syncstat: error: --columns does not apply to -o json\. It shapes -o tsv, -o table, -o wide$/);
    await expectUsage(['status', SYNCING, '--no-headers', '-o', 'yaml'], /^syncstat: error: --no-headers does not apply to -o yaml/);
  });

  it('a format from SYNCSTAT_OUTPUT gives way: --columns with SYNCSTAT_OUTPUT=json prints TSV', async () => {
    const s = await started();
    const res = await runVirtual(s, ['status', SYNCING, '--columns', 'id,phase'], { env: { SYNCSTAT_OUTPUT: 'json' } });
    expect(res.stdout).toBe(`id\tphase\n${SYNCING}\tsyncing\n`);
  });
});

describe('--sort-by, --no-headers, -o wide, -o yaml', () => {
  it('--sort-by orders every format: phase by severity (errors first), lag the most behind first, nulls last, stable', async () => {
    const s = await started({
      'rp-aaaaaaaaaa01': { status: 'running', stage: 'inc_writer', delay: 300 },
      'rp-aaaaaaaaaa02': { status: 'failed', stage: 'full', percent: 10 },
      'rp-aaaaaaaaaa03': { status: 'running', stage: 'inc_writer', delay: 9000 },
      'rp-aaaaaaaaaa04': { status: 'running', stage: 'full', percent: 80 },
    });
    const ids = ['rp-aaaaaaaaaa01', 'rp-aaaaaaaaaa02', 'rp-aaaaaaaaaa03', 'rp-aaaaaaaaaa04', 'rp-nosuchtask01'];
    const byPhase = ['rp-nosuchtask01', 'rp-aaaaaaaaaa02', 'rp-aaaaaaaaaa04', 'rp-aaaaaaaaaa01', 'rp-aaaaaaaaaa03'];
    const first = (text: string, sep: RegExp) => lines(text).map((l) => l.split(sep)[0]);
    const tsv = await runVirtual(s, ['status', ...ids, '--sort-by', 'phase', '-o', 'tsv', '--no-headers']);
    expect(lines(tsv.stdout).map((l) => l.split('\t')[2])).toEqual(byPhase);
    expect(tsv.code).toBe(4);
    const table = await runVirtual(s, ['status', ...ids, '--sort-by', 'phase', '-o', 'table', '--no-headers']);
    expect(first(table.stdout, / +/)).toEqual(byPhase);
    const wide = await runVirtual(s, ['status', ...ids, '--sort-by', 'phase', '-o', 'wide']);
    expect(first(wide.stdout, / +/).filter((w) => w.startsWith('rp-'))).toEqual(byPhase);
    const json = JSON.parse((await runVirtual(s, ['status', ...ids, '--sort-by', 'lag', '-o', 'json'])).stdout);
    expect(json.results.map((r: { id: string }) => r.id)).toEqual(['rp-aaaaaaaaaa03', 'rp-aaaaaaaaaa01', 'rp-aaaaaaaaaa02', 'rp-aaaaaaaaaa04']);
    const yaml = load((await runVirtual(s, ['status', ...ids, '--sort-by', 'progress', '-o', 'yaml'])).stdout) as { results: Array<{ id: string }> };
    expect(yaml.results.map((r) => r.id)).toEqual(['rp-aaaaaaaaaa02', 'rp-aaaaaaaaaa04', 'rp-aaaaaaaaaa01', 'rp-aaaaaaaaaa03']);
    const ndjson = await runVirtual(s, ['status', ...ids, '--sort-by', 'details.subtasks.0.type', '-o', 'ndjson']);
    expect(lines(ndjson.stdout).map((l) => JSON.parse(l).id ?? JSON.parse(l).error.id)).toHaveLength(5);
    // The query reads the sorted rows.
    const q = await runVirtual(s, ['status', ...ids, '--sort-by', 'phase', '--query', 'results[0].id']);
    expect(q.stdout).toBe('"rp-aaaaaaaaaa02"\n');
    await expectUsage(['status', SYNCING, '--sort-by', 'phse'], /^syncstat: error: --sort-by: unknown column "phse" \(did you mean "phase"\?\)\. Known columns: /);
  });

  it('--no-headers drops the header line of the table and TSV', async () => {
    const s = await started();
    const table = await runVirtual(s, ['status', SYNCING, '-o', 'table', '--no-headers']);
    expect(table.stdout).toBe(`${SYNCING}  syncing  running  inc_writer  -  672ms\n`);
    const tsv = await runVirtual(s, ['status', SYNCING, '-o', 'tsv', '--no-headers']);
    expect(lines(tsv.stdout)).toHaveLength(1);
    expect(tsv.stdout.startsWith(`ninedata\treplication\t${SYNCING}\tsyncing`)).toBe(true);
  });

  it('-o wide and status --wide are the same table; --wide with -o tsv is refused', async () => {
    const s = await started();
    const wide = await runVirtual(s, ['status', SYNCING, '-o', 'wide']);
    const alias = await runVirtual(s, ['status', SYNCING, '--wide']);
    expect(alias.stdout).toBe(wide.stdout);
    expect(wide.stdout).toContain('└ inc_writer');
    expect((await runVirtual(s, ['status', SYNCING, '--wide', '-o', 'table'])).stdout).toBe(wide.stdout);
    await expectUsage(['status', SYNCING, '--wide', '-o', 'tsv'], /^syncstat: error: --wide is short for -o wide and cannot be combined with -o tsv\. Drop one of them$/);
    await expectUsage(['status', SYNCING, '--wide', '--raw'], /^syncstat: error: --wide shapes syncstat's own rows, and --raw prints the vendor's responses untouched\. Drop one of them$/);
    for (const flag of [['--columns', 'id'], ['--sort-by', 'id'], ['--no-headers']]) await expectUsage(['status', SYNCING, ...flag, '--raw'], new RegExp(`^syncstat: error: ${flag[0]} shapes syncstat's own rows`));
  });

  it('-o yaml prints the envelope, also from SYNCSTAT_OUTPUT', async () => {
    const s = await started();
    const res = await runVirtual(s, ['status', SYNCING, FAILED], { env: { SYNCSTAT_OUTPUT: 'yaml' } });
    expect(res.code).toBe(1);
    const doc = load(res.stdout) as { schemaVersion: number; results: unknown[]; errors: unknown[] };
    assertValidOutput(doc);
    expect(doc).toEqual(JSON.parse((await runVirtual(s, ['status', SYNCING, FAILED, '--json'])).stdout));
    expect(res.stdout.startsWith('schemaVersion: 1\nresults:\n')).toBe(true);
  });
});

describe('every command shapes its results', () => {
  const tasks = () => {
    const dir = mkdtempSync(join(tmpdir(), 'syncstat-shape-'));
    const file = join(dir, 'fleet.json');
    writeFileSync(file, JSON.stringify({ tasks: [{ service: 'ninedata', id: SYNCING, name: 'orders', labels: { env: 'prod' } }, { service: 'udts', id: 'udts-failed01', name: 'archive' }, { service: 'drs', id: DRS_JOBS.syncing }] }));
    return file;
  };
  const COMMANDS: Array<[string, () => string[]]> = [
    ['status', () => ['status', SYNCING, FAILED]],
    ['precheck', () => ['precheck', 'rp-div0qqpbffio']],
    ['udts', () => ['udts', 'udts-ixdp441', 'udts-failed01']],
    ['starrocks', () => ['starrocks', STARROCKS_SMALL]],
    ['batch', () => ['batch', DRS_JOBS.syncing, DRS_JOBS.running]],
    ['fleet', () => ['fleet', '--tasks', tasks()]],
  ];

  it.each(COMMANDS)('%s: --query, --columns, --sort-by, --no-headers, -o wide, -o yaml', async (_name, argv) => {
    const s = await started();
    const base = argv();
    const plain = await runVirtual(s, [...base, '-o', 'json']);
    const envelope = JSON.parse(plain.stdout);
    const ids = envelope.results.map((r: { id: string }) => r.id);
    expect(ids.length).toBeGreaterThan(0);

    const q = await runVirtual(s, [...base, '--query', 'results[].id', '-o', 'json']);
    expect(JSON.parse(q.stdout)).toEqual(ids);
    expect(q.code, 'the exit code judges every row').toBe(plain.code);
    expect((await runVirtual(s, [...base, '--query', 'results[].id', '-o', 'tsv'])).stdout).toBe(ids.map((id: string) => id + '\n').join(''));

    const cols = await runVirtual(s, [...base, '--columns', 'id,phase,name', '-o', 'tsv']);
    expect(lines(cols.stdout)).toEqual(['id\tphase\tname', ...envelope.results.map((r: { id: string; phase: string; details: { fleet?: { name?: string } } }) => `${r.id}\t${r.phase}\t${r.details.fleet?.name ?? r.id}`)]);

    const sorted = JSON.parse((await runVirtual(s, [...base, '--sort-by', 'id', '-o', 'json'])).stdout);
    expect(sorted.results.map((r: { id: string }) => r.id)).toEqual([...ids].sort());

    const table = await runVirtual(s, [...base, '-o', 'table']);
    const bare = await runVirtual(s, [...base, '-o', 'table', '--no-headers']);
    expect(bare.stdout.length).toBeGreaterThan(0);
    expect(bare.stdout.length).toBeLessThan(table.stdout.length);
    expect(lines(bare.stdout).some((l) => /^(ID|CHECK|SERVICE) /.test(l))).toBe(false);

    const wide = await runVirtual(s, [...base, '-o', 'wide']);
    expect(wide.code).toBe(plain.code);
    for (const r of envelope.results) expect(wide.stdout).toContain(r.details.fleet?.name ?? r.id);

    const yaml = await runVirtual(s, [...base, '-o', 'yaml']);
    expect(load(yaml.stdout)).toEqual(envelope);
    expect(yaml.code).toBe(plain.code);
  });

  it('fleet: --sort-by name, service and details.fleet.* columns', async () => {
    const s = await started();
    const file = tasks();
    const res = await runVirtual(s, ['fleet', '--tasks', file, '--sort-by', 'name', '--columns', 'service,name,phase,details.fleet.labels.env', '--no-headers']);
    expect(lines(res.stdout)).toEqual([`drs\t${DRS_JOBS.syncing}\tsyncing\t`, 'udts\tarchive\tfailed\t', 'ninedata\torders\tsyncing\tprod']);
    expect(res.code).toBe(1);
  });

  it('every command\'s --help has an example of each shaping flag', async () => {
    const s = await started();
    for (const [name] of COMMANDS) {
      const help = (await runVirtual(s, [name, '--help'])).stdout;
      for (const flag of ['--query', '--columns', '--sort-by', '-o wide', '-o yaml', '--no-headers']) expect(help, `${name} ${flag}`).toMatch(new RegExp(`^ {2}\\$ syncstat ${name}[^$]* ${flag}`, 'm'));
    }
  });
});

describe('with --until and --watch', () => {
  const STEPS: SimTask = {
    timeline: [
      { for: 30, status: 'notStarted', stage: 'schema' },
      { for: 30, status: 'running', stage: 'full', percent: 50 },
      { status: 'running', stage: 'inc_writer', delay: 900 },
    ],
  };

  it('a wait prints its final state shaped', async () => {
    const res = await once({ 'rp-steps0000001': STEPS }, ['status', 'rp-steps0000001', '--until', 'syncing', '--query', 'results[0].{id: id, phase: phase, lag: lagMs}', '-o', 'yaml']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toBe('id: rp-steps0000001\nphase: syncing\nlag: 900\n');
    const cols = await once({ 'rp-steps0000001': STEPS }, ['status', 'rp-steps0000001', '--until', 'syncing', '--columns', 'id,phase,lag']);
    expect(cols.stdout).toBe('id\tphase\tlag\nrp-steps0000001\tsyncing\t900\n');
  });

  it('an interrupted wait still prints the last state, shaped', async () => {
    const res = await once({ 'rp-steps0000001': STEPS }, ['status', 'rp-steps0000001', '--until', 'syncing', '--query', 'results[0].phase'], { onSleep: (n) => (n === 2 ? 'SIGINT' : undefined) });
    expect(res.code).toBe(130);
    expect(res.stdout).toBe('"pending"\n');
  });

  it('--watch -o ndjson: the query applies to each change event; a null result prints nothing', async () => {
    const res = await once({ 'rp-steps0000001': STEPS }, ['status', 'rp-steps0000001', '--watch', '--until', 'syncing', '--query', '{to: to, phase: phase}', '-o', 'ndjson']);
    expect(res.code, res.stderr).toBe(0);
    expect(lines(res.stdout).map((l) => JSON.parse(l))).toEqual([
      { to: 'notStarted', phase: 'pending' },
      { to: 'running', phase: 'running' },
      { to: 'running', phase: 'syncing' },
    ]);
    const only = await once({ 'rp-steps0000001': STEPS }, ['status', 'rp-steps0000001', '--watch', '--until', 'syncing', '--query', "phase == 'running' && id || null"]);
    expect(only.stdout).toBe('"rp-steps0000001"\n');
  });

  it('--watch -o tsv: --columns and --no-headers shape the streamed rows (a header once)', async () => {
    const res = await once({ 'rp-steps0000001': STEPS }, ['status', 'rp-steps0000001', '--watch', '--until', 'syncing', '--columns', 'id,phase,stage', '-o', 'tsv']);
    expect(lines(res.stdout)).toEqual(['id\tphase\tstage', 'rp-steps0000001\tpending\tschema', 'rp-steps0000001\trunning\tfull', 'rp-steps0000001\tsyncing\tinc_writer']);
    const bare = await once({ 'rp-steps0000001': STEPS }, ['status', 'rp-steps0000001', '--watch', '--until', 'syncing', '-o', 'tsv', '--no-headers']);
    expect(lines(bare.stdout).map((l) => l.split('\t')[3])).toEqual(['pending', 'running', 'syncing']);
    const sorted = await once({ 'rp-steps0000001': STEPS }, ['status', 'rp-steps0000001', '--watch', '--until', 'syncing', '-o', 'tsv', '--sort-by', 'phase']);
    expect(lines(sorted.stdout).filter((l) => l.startsWith('provider\t'))).toHaveLength(1);
    expect(lines(sorted.stdout)).toHaveLength(4);
    const q = await once({ 'rp-steps0000001': STEPS }, ['status', 'rp-steps0000001', '--watch', '--until', 'syncing', '-o', 'tsv', '--query', 'results[].[id, stage]']);
    expect(q.stdout).toBe('rp-steps0000001\tschema\nrp-steps0000001\tfull\nrp-steps0000001\tinc_writer\n');
  });

  it('--watch -o table and the live table on a terminal: shaped each time', async () => {
    const res = await once({ 'rp-steps0000001': STEPS }, ['status', 'rp-steps0000001', '--watch', '--until', 'syncing', '--columns', 'id,phase', '-o', 'table']);
    expect(res.stdout.match(/^ID {15}PHASE$/gm)).toHaveLength(3);
    const live = await once({ 'rp-steps0000001': STEPS }, ['status', 'rp-steps0000001', '--watch', '--until', 'syncing', '--columns', 'phase,id', '--no-headers'], { stdoutIsTTY: true, columns: 100, rows: 20, env: { NO_COLOR: '1' } });
    expect(live.stdout).toContain('\x1b[H\x1b[2J• pending  rp-steps0000001');
    expect(live.stdout).not.toContain('PHASE');
    // Keeps to the terminal's height, as the command's own table does.
    const many = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`rp-many${String(i).padStart(8, '0')}`, STEPS]));
    const tall = await once(many, ['status', ...Object.keys(many), '--watch', '--timeout', '5s', '--columns', 'id,phase'], { stdoutIsTTY: true, columns: 100, rows: 10, env: { NO_COLOR: '1' } });
    const screen = tall.stdout.split('\x1b[H\x1b[2J').at(-1)!;
    expect(lines(screen)).toHaveLength(9);
    expect(lines(screen).at(-1)).toBe('… 23 more lines');
  });

  it('fleet --watch and precheck --wait are shaped the same way', async () => {
    const s = await started();
    const dir = mkdtempSync(join(tmpdir(), 'syncstat-shape-'));
    const file = join(dir, 'fleet.json');
    writeFileSync(file, JSON.stringify({ tasks: [{ service: 'ninedata', id: SYNCING, name: 'orders' }, { service: 'drs', id: DRS_JOBS.syncing, name: 'crm' }] }));
    const fleet = await runVirtual(s, ['fleet', '--tasks', file, '--watch', '--timeout', '30s', '--columns', 'service,name,phase', '--sort-by', 'name', '-o', 'tsv']);
    expect(fleet.code, fleet.stderr).toBe(0);
    expect(lines(fleet.stdout)).toEqual(['service\tname\tphase', 'drs\tcrm\tsyncing', 'ninedata\torders\tsyncing']);
    const events = await runVirtual(s, ['fleet', '--tasks', file, '--watch', '--timeout', '30s', '--query', 'id']);
    expect(lines(events.stdout).map((l) => JSON.parse(l))).toEqual([SYNCING, DRS_JOBS.syncing]);
    const precheck = await runVirtual(s, ['precheck', 'rp-div0qqpbffio', '--wait', '--query', 'results[0].{id: id, verdict: status}', '-o', 'yaml']);
    expect(precheck.stdout).toBe('id: rp-div0qqpbffio\nverdict: failure\n');
    expect(precheck.code).toBe(1);
  });

  it('--watch -o yaml is refused as -o json is (it describes one moment)', async () => {
    await started({ 'rp-steps0000001': STEPS });
    await expectUsage(['status', 'rp-steps0000001', '--watch', '-o', 'yaml'], /^syncstat: error: --watch streams changes and cannot write -o yaml/);
  });
});
