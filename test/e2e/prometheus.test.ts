import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRS_JOBS, STARROCKS_SMALL } from '../../src/providers/huawei/sim/scenario.js';
import { startSimulator, type RunningSim } from '../../src/sim/server.js';
import type { Scenario } from '../../src/sim/types.js';
import { parseExposition, pick, valueOf } from '../exposition.js';
import { baseEnv, BIN, isolatedDir, runBin } from '../helpers.js';
import { DEFAULT_SCENARIO, demoEnv } from '../sims.js';

// `syncstat serve` (the built binary) scraped by a real Prometheus (Debian package `prometheus`;
// .ci/run installs it), asserted through Prometheus' HTTP query API; promtool checks the exposition.
// Nothing waits a fixed time: every wait polls for its condition up to a generous deadline.

const need = ['prometheus', 'promtool'].filter((cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status !== 0);
if (need.length) throw new Error(`these tests need ${need.join(' and ')} (Debian: apt-get install -y prometheus; .ci/run does it)`);

const FLIPPER = 'rp-flipper00001';
const scenario: Scenario = {
  ...DEFAULT_SCENARIO,
  ninedata: {
    ...DEFAULT_SCENARIO.ninedata!,
    replications: {
      ...DEFAULT_SCENARIO.ninedata!.replications,
      // Syncing with a 4 s lag, until the test fails it (the simulator reads its scenario per request).
      [FLIPPER]: { status: 'running', stage: 'inc_writer', delay: 4000 },
    },
  },
} as Scenario;

const TASKS = `tasks:
  - { service: ninedata, id: rp-div0t0awwobr, name: orders, labels: { env: prod, wave: "3" } }
  - { service: ninedata, id: ${FLIPPER}, name: flipper, labels: { env: prod } }
  - { service: ninedata, id: rp-fullload0001, name: inventory }
  - { service: udts, id: udts-failed01, name: archive, labels: { env: staging } }
  - { service: udts, id: udts-ixdp441, name: payments }
  - { service: drs, id: ${DRS_JOBS.syncing}, name: crm }
  - { service: drs, id: ${DRS_JOBS.running}, name: billing }
  - { service: starrocks, instance: ${STARROCKS_SMALL}, name: analytics, tasks: [orders_sync, events_full] }
`;

async function until<T>(get: () => Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await get().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

interface Proc {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<number | null>;
}

function start(cmd: string, args: string[], env: Record<string, string>): Proc {
  const child = spawn(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, stderr: () => err, exited };
}

/** The built binary's `serve` on a free loopback port; resolves with its URL once it listens. */
async function startServe(args: string[]): Promise<Proc & { url: string }> {
  const p = start(process.execPath, [BIN, 'serve', '--listen', '127.0.0.1:0', '--interval', '1s', '--config', isolatedDir().config, ...args], baseEnv(sim.env));
  const url = await until(async () => /listening on (http:\/\/\S+)/.exec(p.stderr())?.[1], `serve ${args.join(' ')} to listen`, 30_000);
  return { ...p, url };
}

let sim: RunningSim & { env: Record<string, string> };
let tasksFile: string;
let exporter: Proc & { url: string };
let shards: Array<Proc & { url: string }>;
let prometheus: Proc;
let promUrl: string;

async function query(expr: string): Promise<Array<{ metric: Record<string, string>; value: number }>> {
  const res = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(expr)}`);
  const body = (await res.json()) as { status: string; data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } };
  if (body.status !== 'success') throw new Error(`query ${expr}: ${JSON.stringify(body)}`);
  return body.data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
}

/** The value of a query with exactly one series, once it has one. */
const one = async (expr: string) => {
  const r = await query(expr);
  return r.length === 1 ? r[0].value : undefined;
};

beforeAll(async () => {
  const started = await startSimulator({ port: 0, scenario });
  sim = Object.assign(started, { env: demoEnv(started.urls) });
  const dir = mkdtempSync(join(tmpdir(), 'syncstat-prom-'));
  tasksFile = join(dir, 'fleet.yaml');
  writeFileSync(tasksFile, TASKS);
  [exporter, ...shards] = await Promise.all([startServe(['--tasks', tasksFile]), startServe(['--tasks', tasksFile, '--shard', '0/2']), startServe(['--tasks', tasksFile, '--shard', '1/2'])]);
  const target = (p: { url: string }) => p.url.replace(/^http:\/\//, '');
  const config = join(dir, 'prometheus.yml');
  writeFileSync(config, `global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: syncstat
    static_configs: [{ targets: ['${target(exporter)}'] }]
  - job_name: syncstat-sharded
    static_configs: [{ targets: ['${target(shards[0])}', '${target(shards[1])}'] }]
`);
  const port = await freePort();
  promUrl = `http://127.0.0.1:${port}`;
  prometheus = start('prometheus', [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'tsdb')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], { PATH: process.env.PATH ?? '' });
  await until(async () => ((await fetch(`${promUrl}/-/ready`)).ok ? true : undefined), 'Prometheus to be ready', 60_000);
}, 120_000);

afterAll(async () => {
  for (const p of [prometheus, exporter, ...(shards ?? [])]) p?.child.kill('SIGTERM');
  await Promise.all([prometheus, exporter, ...(shards ?? [])].map((p) => p?.exited));
  await sim?.close();
}, 30_000);

describe('syncstat serve scraped by Prometheus', () => {
  it('Prometheus holds the simulated lag and the phase state set', async () => {
    expect(await until(async () => one(`syncstat_task_lag_seconds{job="syncstat",id="rp-div0t0awwobr"}`), 'the lag in Prometheus')).toBe(0.672);
    expect(await until(async () => one(`syncstat_task_lag_seconds{job="syncstat",id="${FLIPPER}"}`), 'the lag of the flipper')).toBe(4);
    const phases = await query(`syncstat_task_phase{job="syncstat",id="${FLIPPER}"}`);
    expect(Object.fromEntries(phases.map((p) => [p.metric.phase, p.value]))).toEqual({ pending: 0, running: 0, syncing: 1, succeeded: 0, paused: 0, failed: 0, unknown: 0 });
    expect(phases[0].metric).toMatchObject({ provider: 'ninedata', kind: 'replication', name: 'flipper', env: 'prod' });
    expect(await one(`syncstat_task_phase{job="syncstat",id="udts-failed01",phase="failed"}`)).toBe(1);
    expect(await one(`syncstat_task_progress_ratio{job="syncstat",id="rp-fullload0001"}`)).toBe(0.635);
    expect(await one(`sum(syncstat_task_up{job="syncstat"})`)).toBe(9);
  }, 90_000);

  it('a task the simulator fails flips syncstat_task_phase{phase="failed"} to 1 within two scrapes of the exporter showing it', async () => {
    await until(async () => one(`syncstat_task_phase{job="syncstat",id="${FLIPPER}",phase="syncing"}`), 'the flipper syncing in Prometheus');
    scenario.ninedata!.replications![FLIPPER] = { status: 'failed', stage: 'inc_writer', delay: 4000 };
    // When the exporter's state changed: the end of the poll that first showed the failure (its last
    // successful poll time in that exposition), else the last read of /metrics that did not show it.
    let notYet = Date.now() / 1000;
    const changedAt = await until(async () => {
      const asked = Date.now() / 1000;
      const s = parseExposition(await (await fetch(`${exporter.url}/metrics`)).text());
      if (valueOf(s, 'syncstat_task_phase', { id: FLIPPER, phase: 'failed' }) === 1) return pick(s, 'syncstat_last_successful_poll_timestamp_seconds')[0]?.value ?? notYet;
      notYet = asked;
      return undefined;
    }, 'the exporter to show the failure');
    // Prometheus' own samples: of the first two scrapes that started after the change, one holds the 1
    // (the first must; on a loaded machine the test may read them late, never early).
    const after = await until(async () => {
      const res = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(`syncstat_task_phase{job="syncstat",id="${FLIPPER}",phase="failed"}[2m]`)}&time=${Date.now() / 1000}`);
      const values = ((await res.json()) as { data: { result: Array<{ values: Array<[number, string]> }> } }).data.result[0].values;
      const later = values.filter(([t]) => t > changedAt).map(([, v]) => Number(v));
      return later.length >= 2 ? later : undefined;
    }, 'two scrapes after the change');
    expect(after.slice(0, 2)).toContain(1);
    expect(await one(`syncstat_task_phase{job="syncstat",id="${FLIPPER}",phase="failed"}`)).toBe(1);
    expect(await one(`syncstat_task_phase{job="syncstat",id="${FLIPPER}",phase="syncing"}`)).toBe(0);
  }, 90_000);

  it('two exporters with --shard 0/2 and --shard 1/2 together cover the task list exactly once', async () => {
    const expected = (await until(async () => {
      const r = await query(`syncstat_task_up{job="syncstat"}`);
      return r.length === 9 ? r : undefined;
    }, 'every task from the single exporter')).map((r) => `${r.metric.provider}/${r.metric.id}`).sort();
    const covered = await until(async () => {
      const r = await query(`count by (provider, id) (syncstat_task_up{job="syncstat-sharded"})`);
      return r.length === expected.length ? r : undefined;
    }, 'every task from the two shards');
    expect(covered.map((r) => `${r.metric.provider}/${r.metric.id}`).sort()).toEqual(expected);
    expect(covered.every((r) => r.value === 1)).toBe(true);
    // Each shard polls a part, not the whole: the two instances split the entries.
    const perShard = await query(`sum by (instance) (syncstat_tasks{job="syncstat-sharded"})`);
    expect(perShard).toHaveLength(2);
    expect(perShard.map((r) => r.value).reduce((a, b) => a + b)).toBe(8);
    expect(perShard.every((r) => r.value > 0 && r.value < 8)).toBe(true);
  }, 90_000);

  it('promtool check metrics accepts the exposition of /metrics, -o openmetrics and -o prometheus', async () => {
    const exposition = await (await fetch(`${exporter.url}/metrics`)).text();
    const outputs = [exposition];
    for (const format of ['openmetrics', 'prometheus']) {
      const res = await runBin(['fleet', '--tasks', tasksFile, '-o', format, '--config', isolatedDir().config], { env: sim.env });
      expect(res.code, res.stderr).toBe(1); // udts-failed01 has failed
      outputs.push(res.stdout);
    }
    for (const text of outputs) {
      const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
      expect(check.status, `${check.stdout}${check.stderr}`).toBe(0);
    }
  });
});

describe('syncstat serve stops cleanly', () => {
  it('SIGTERM during a poll that hangs: exit 0 within 5 s', async () => {
    const slow = await startSimulator({ port: 0, scenario: { ...DEFAULT_SCENARIO, faults: [{ type: 'latency', ms: 60_000, service: 'ninedata' }] } });
    try {
      const dir = mkdtempSync(join(tmpdir(), 'syncstat-prom-'));
      const file = join(dir, 'fleet.yaml');
      writeFileSync(file, 'tasks: [ { service: ninedata, id: rp-div0t0awwobr } ]\n');
      const p = start(process.execPath, [BIN, 'serve', '--tasks', file, '--listen', '127.0.0.1:0', '--config', isolatedDir().config], baseEnv(demoEnv(slow.urls)));
      await until(async () => (slow.requests.length > 0 ? true : undefined), 'the poll to start');
      const t = Date.now();
      p.child.kill('SIGTERM');
      expect(await p.exited).toBe(0);
      expect(Date.now() - t).toBeLessThan(5000);
      expect(p.stderr()).toMatch(/syncstat serve: stopped \(SIGTERM\)/);
    } finally {
      await slow.close();
    }
  });
});
