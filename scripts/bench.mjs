// npm run bench: start-up, one-query and scale costs of the built CLI, as ratios against baselines
// measured in the same run (these machines are noisy; absolute milliseconds mean little, ratios travel).
// Each timed case runs paired with its baseline, round after round (in alternating order, so drift hits
// both alike); a case's ratio is the median of its per-pair ratios. Exits 1 when a target is missed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runScaleCases } from './bench-scale.mjs';
import { bundleHarness } from './bundle-harness.mjs';
import { startSimProcess } from './sim-process.mjs';

// `npm run bench -- --serve`: only the exporter's case (scripts/serve-bench.mjs: a 1,000-task fleet
// polled every 30 s, scraped every 15 s; BENCH_SERVE_MINUTES long, default 3; its own script runs longer).
if (process.argv.includes('--serve')) {
  const minutes = process.env.BENCH_SERVE_MINUTES ?? '3';
  const run = spawnSync(process.execPath, [fileURLToPath(new URL('./serve-bench.mjs', import.meta.url)), '--minutes', minutes], { stdio: 'inherit' });
  process.exit(run.status ?? 1);
}

const RUNS = Number(process.env.BENCH_RUNS ?? 21);
const BIN = fileURLToPath(new URL('../bin/syncstat.cjs', import.meta.url));
const home = mkdtempSync(join(tmpdir(), 'syncstat-bench-'));

const startSim = (args) => startSimProcess(args);

const { child: sim, url, vars: simEnv } = await startSim();
const env = { PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: join(home, 'config'), ...simEnv };

function timeOnce(c) {
  const t = performance.now();
  const r = spawnSync(process.execPath, c.args, { env: { ...env, ...c.env, ...c.perRun?.() }, cwd: c.cwd ?? home, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${c.args.slice(0, 3).join(' ')} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs each case paired with its baseline `rounds` times; returns times and per-pair ratios. */
function paired(cases, baselines, rounds) {
  const out = new Map(cases.map((c) => [c.name, { ms: [], ratios: [] }]));
  const base = new Map(baselines.map((b) => [b.name, []]));
  for (let i = 0; i < rounds; i++) {
    for (const c of cases) {
      const b = baselines.find((x) => x.name === c.baseline);
      const [first, second] = i % 2 ? [c, b] : [b, c];
      const t1 = timeOnce(first);
      const t2 = timeOnce(second);
      const [tc, tb] = first === c ? [t1, t2] : [t2, t1];
      out.get(c.name).ms.push(tc);
      out.get(c.name).ratios.push(tc / tb);
      base.get(b.name).push(tb);
    }
  }
  return { out, base };
}

// A project directory with a config file (profiles, the secret from the environment), as many users have.
const project = mkdtempSync(join(home, 'project-'));
const ninedata = { endpoint: simEnv.NINEDATA_ENDPOINT, accessKeyId: simEnv.NINEDATA_ACCESS_KEY_ID, accessKeySecret: '${NINEDATA_SECRET}' };
writeFileSync(join(project, '.statusrc.json'), JSON.stringify({ profiles: { default: { ninedata } } }), { mode: 0o600 });
const configEnv = { NINEDATA_ENDPOINT: '', NINEDATA_ACCESS_KEY_ID: '', NINEDATA_ACCESS_KEY_SECRET: '', NINEDATA_SECRET: simEnv.NINEDATA_ACCESS_KEY_SECRET };

const bareRequest = `require('http').get(${JSON.stringify(url + '/openapi/now')}, (r) => { r.resume(); r.on('end', () => {}); })`;
const STATUS = [BIN, 'status', 'rp-div0t0awwobr', '--json'];
const baselines = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'bare node, one HTTP request', args: ['-e', bareRequest] },
  { name: 'syncstat status <id> (JSON)', args: [BIN, 'status', 'rp-div0t0awwobr'] },
];
const cases = [
  { name: 'syncstat --version', args: [BIN, '--version'], baseline: 'node -e 0', target: 1.3 },
  { name: 'syncstat status --help', args: [BIN, 'status', '--help'], baseline: 'node -e 0', target: 1.35 },
  { name: 'syncstat status <id> --json', args: STATUS, baseline: 'bare node, one HTTP request', target: 1.5 },
  // --query loads the JMESPath library only when given: it may cost little over the same query without it.
  { name: "status <id> --query 'results[0].lagMs'", args: [BIN, 'status', 'rp-div0t0awwobr', '--query', 'results[0].lagMs'], baseline: 'syncstat status <id> (JSON)', target: 1.1 },
  // For information: a true first run on a machine (no code cache yet: it is compiled, then written).
  { name: '  first run (empty cache dir)', args: STATUS, perRun: () => ({ XDG_CACHE_HOME: mkdtempSync(join(home, 'cold-')) }), baseline: 'bare node, one HTTP request' },
  // For information: credentials from a .statusrc.json instead of the environment.
  { name: '  with a .statusrc.json', args: STATUS, env: configEnv, cwd: project, baseline: 'bare node, one HTTP request' },
];

/**
 * Scale: a status query of many ids printed as a table against the same as JSON (one simulator,
 * every request alike): a table must cost about what JSON costs.
 */
const SCALE_IDS = Number(process.env.BENCH_SCALE_IDS ?? 10_000);
const SCALE_ROUNDS = Number(process.env.BENCH_SCALE_ROUNDS ?? 3);
async function scaleCases() {
  const ids = Array.from({ length: SCALE_IDS }, (_, i) => `rp-scale${String(i).padStart(7, '0')}`);
  const scenario = join(home, 'scale-scenario.json');
  const task = { status: 'running', stage: 'inc_writer', delay: 500 };
  writeFileSync(scenario, JSON.stringify({ ninedata: { replications: Object.fromEntries(ids.map((id) => [id, task])) } }));
  const scaleSim = await startSim(['--scenario', scenario]);
  try {
    const run = (format) => ({ name: format, args: [BIN, 'status', ...ids, '--concurrency', '16', '-o', format], env: scaleSim.vars });
    const json = { ...run('json'), name: `status, ${SCALE_IDS} ids, --json` };
    const table = { ...run('table'), name: `status, ${SCALE_IDS} ids, -o table`, baseline: json.name, target: 1.3 };
    return paired([table], [json], SCALE_ROUNDS);
  } finally {
    scaleSim.child.kill('SIGINT');
  }
}

/**
 * Leak check (not a timed test): a --watch of many ids in-process, the live heap sampled after a full
 * GC as the polls go by. Target: the heap after warm-up grows by less than LEAK_BYTES_PER_REQUEST
 * per request (the AbortSignal.any() leak this guards against cost about 110 bytes a request).
 */
const LEAK_IDS = 50;
const LEAK_POLLS = Number(process.env.BENCH_LEAK_POLLS ?? 400);
const LEAK_BYTES_PER_REQUEST = 20;
/** Bundles one of the in-process harnesses (scripts/*.ts) so plain node can run it. */
const harness = (name) => bundleHarness(fileURLToPath(new URL(`./${name}.ts`, import.meta.url)), join(home, `${name}.mjs`));

async function leakCheck() {
  const outfile = await harness('leak-check');
  const config = join(home, 'leak-config.json');
  writeFileSync(config, '{}');
  const ids = Array.from({ length: LEAK_IDS }, (_, i) => `rp-leak${String(i).padStart(8, '0')}`);
  // Syncing tasks whose lag moves: every poll is a full round of requests and real diffs.
  const scenario = join(home, 'leak-scenario.json');
  const task = { timeline: [{ for: 3600, status: 'running', stage: 'inc_writer', delay: { from: 9000, to: 100 } }] };
  writeFileSync(scenario, JSON.stringify({ ninedata: { replications: Object.fromEntries(ids.map((id) => [id, task])) } }));
  const leakSim = await startSim(['--scenario', scenario]);
  const run = spawnSync(process.execPath, ['--expose-gc', outfile, JSON.stringify({ ...env, ...leakSim.vars, SYNCSTAT_BENCH_CONFIG: config }), ids.join(','), String(LEAK_POLLS)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  leakSim.child.kill('SIGINT');
  if (run.status !== 0) throw new Error(`leak check failed: ${run.stderr}`);
  const { requests, samples } = JSON.parse(run.stdout.trim().split('\n').pop());
  // The first 30% is warm-up (code optimized, caches and pools filled); the slope is taken after it.
  const [first, last] = [samples[2], samples[samples.length - 1]];
  const perRequest = (last.heap - first.heap) / ((last.polls - first.polls) * LEAK_IDS);
  return { requests, first, last, perRequest, series: samples.map((x) => Math.round(x.heap / 1024)) };
}

/**
 * CPU per request: a status query of CPU_IDS ids in-process against a bare node:http keep-alive client
 * making the same requests, signed, to the same simulator (in another process). Target: <= 1.3x.
 */
const CPU_IDS = Number(process.env.BENCH_CPU_IDS ?? 2000);
async function cpuCheck() {
  const outfile = await harness('cpu-check');
  const config = join(home, 'cpu-config.json');
  writeFileSync(config, '{}');
  const ids = Array.from({ length: CPU_IDS }, (_, i) => `rp-cpu${String(i).padStart(9, '0')}`);
  const scenario = join(home, 'cpu-scenario.json');
  writeFileSync(scenario, JSON.stringify({ ninedata: { replications: Object.fromEntries(ids.map((id) => [id, { status: 'running', stage: 'inc_writer', delay: 300 }])) } }));
  const cpuSim = await startSim(['--scenario', scenario]);
  const run = spawnSync(process.execPath, [outfile, JSON.stringify({ ...env, ...cpuSim.vars, SYNCSTAT_BENCH_CONFIG: config }), ids.join(','), cpuSim.url, '5'], { encoding: 'utf8', maxBuffer: 1 << 24 });
  cpuSim.child.kill('SIGINT');
  if (run.status !== 0) throw new Error(`cpu check failed: ${run.stderr}`);
  const { requests, bare, unsigned, syncstat } = JSON.parse(run.stdout.trim().split('\n').pop());
  return { requests, bare, unsigned, syncstat, ratios: syncstat.map((t, i) => t / bare[i]), unsignedRatios: syncstat.map((t, i) => t / unsigned[i]) };
}

/**
 * A throttling service: 200 ids at --concurrency 32 against a simulator allowing 20 requests a second
 * (50 ms each). Every id must be answered, in at most 1.2x the ideal 10 s.
 */
async function rateCase() {
  const ids = Array.from({ length: 200 }, (_, i) => `rp-rate${String(i).padStart(8, '0')}`);
  const scenario = join(home, 'rate-scenario.json');
  writeFileSync(scenario, JSON.stringify({ ninedata: { replications: Object.fromEntries(ids.map((id) => [id, { status: 'running', stage: 'inc_writer', delay: 300 }])) }, faults: [{ type: 'ratelimit', service: 'ninedata', perSecond: 20 }, { type: 'latency', service: 'ninedata', ms: 50 }] }));
  const rateSim = await startSim(['--scenario', scenario]);
  try {
    const t = performance.now();
    const r = spawnSync(process.execPath, [BIN, 'status', ...ids, '--concurrency', '32', '--json'], { env: { ...env, ...rateSim.vars }, encoding: 'utf8', maxBuffer: 1 << 26 });
    const ms = performance.now() - t;
    const answered = r.status === 0 ? JSON.parse(r.stdout).results.length : 0;
    return { ms, answered, code: r.status };
  } finally {
    rateSim.child.kill('SIGINT');
  }
}

// Warm-up: the OS file cache is hot for everything, and the first syncstat run writes its code cache.
for (const c of [...baselines, ...cases]) timeOnce(c);
const start = paired(cases, baselines, RUNS);
const scale = await scaleCases();
const leak = await leakCheck();
const cpu = await cpuCheck();
const rate = await rateCase();
sim.kill('SIGINT');
// Fleet of 1,000 tasks, StarRocks instance of 50,000, fleet --watch heap (scripts/bench-scale.mjs).
const fleetScale = await runScaleCases(env, home);

console.log(`${RUNS} rounds, each case paired with its baseline (node ${process.version}, simulator at ${url}); ms as min / median / max\n`);
const fmt = (xs) => [Math.min(...xs), median(xs), Math.max(...xs)].map((x) => x.toFixed(1)).join(' / ');
let missed = 0;
function report(name, row, baseline, target) {
  const ratio = median(row.ratios);
  const ok = target === undefined || ratio <= target;
  if (!ok) missed++;
  const verdict = target === undefined ? '' : ` (target <= ${target}x) ${ok ? 'ok' : 'OVER TARGET'}`;
  console.log(`${name.padEnd(36)} ${fmt(row.ms).padStart(24)} ms  ${ratio.toFixed(2)}x ${baseline}${verdict}`);
}
for (const [name, ms] of start.base) console.log(`${name.padEnd(36)} ${fmt(ms).padStart(24)} ms`);
for (const c of cases) report(c.name, start.out.get(c.name), c.baseline, c.target);
console.log('');
for (const [name, ms] of scale.base) console.log(`${name.padEnd(36)} ${fmt(ms).padStart(24)} ms`);
report(`status, ${SCALE_IDS} ids, -o table`, scale.out.get(`status, ${SCALE_IDS} ids, -o table`), `status, ${SCALE_IDS} ids, --json`, 1.3);

console.log('');
report(`CPU: status of ${cpu.requests} ids (ms)`, { ms: cpu.syncstat, ratios: cpu.ratios }, `bare node:http, ${cpu.requests} signed requests (${fmt(cpu.bare)} ms)`, 1.3);
// For information: against the bare client that skips the signature (scripts/cpu-check.ts says why not).
report('  against unsigned requests', { ms: cpu.syncstat, ratios: cpu.unsignedRatios }, `bare node:http, unsigned, answered 401 (${fmt(cpu.unsigned)} ms)`);

const rateOk = rate.answered === 200 && rate.ms / 10_000 <= 1.2;
if (!rateOk) missed++;
console.log(`throttled service: 200 ids at --concurrency 32 against 20 requests/s: ${rate.answered} answered (exit ${rate.code}) in ${(rate.ms / 1000).toFixed(1)} s, ${(rate.ms / 10_000).toFixed(2)}x the ideal 10 s (target <= 1.2x, every id) ${rateOk ? 'ok' : 'OVER TARGET'}`);

const kb = (b) => `${(b / 1024).toFixed(0)} KB`;
const leakOk = leak.perRequest < LEAK_BYTES_PER_REQUEST;
if (!leakOk) missed++;
console.log(`\nleak check: --watch of ${LEAK_IDS} ids, ${leak.requests} requests: live heap after GC ${kb(leak.first.heap)} at poll ${leak.first.polls}, ${kb(leak.last.heap)} at poll ${leak.last.polls}: ${leak.perRequest.toFixed(1)} bytes/request (target < ${LEAK_BYTES_PER_REQUEST}) ${leakOk ? 'ok' : 'OVER TARGET'}`);
console.log(`  heap after GC every ${leak.first.polls / 3} polls (KB): ${leak.series.join(' ')}`);
console.log(`\n${fleetScale.lines.join('\n')}`);
missed += fleetScale.missed;
if (missed) {
  console.log(`\n${missed} target(s) missed`);
  process.exitCode = 1;
}
