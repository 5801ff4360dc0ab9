// The scale cases of `npm run bench` (issue 10), against the simulator with 50 ms latency per request:
//   - `syncstat fleet` of 1,000 tasks across the four services: <= 1.2x the concurrency-ideal time,
//     peak RSS <= 120 MB;
//   - `syncstat starrocks` on an instance of 50,000 tasks (1000 pages of 50): <= 1.3x ideal;
//   - `syncstat fleet --watch` of 1,000 tasks at 5 s, in-process on a virtual clock: the live heap after
//     GC flat (< 20 bytes a request after warm-up).
// The ideal time is ⌈requests / concurrency⌉ × latency (per service for the fleet: each has its own
// limiter and they run side by side). scripts/bench.mjs runs these after its own cases; alone:
//   npm run build && node scripts/bench-scale.mjs      (exits 1 when a target is missed)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fleetScale, idealMs } from './fleet-scale.mjs';
import { bundleHarness } from './bundle-harness.mjs';
import { startSimProcess } from './sim-process.mjs';

const BIN = fileURLToPath(new URL('../bin/syncstat.cjs', import.meta.url));
const LATENCY_MS = 50;
const CONCURRENCY = 8;
const FLEET_TASKS = 1000;
const FLEET_ROUNDS = Number(process.env.BENCH_FLEET_ROUNDS ?? 5);
const STARROCKS_TASKS = 50_000;
const STARROCKS_ROUNDS = Number(process.env.BENCH_STARROCKS_ROUNDS ?? 3);
const LEAK_POLLS = Number(process.env.BENCH_FLEET_LEAK_POLLS ?? 100);
const LEAK_BYTES_PER_REQUEST = 20;
const TARGETS = { fleet: 1.2, fleetRssMb: 120, starrocks: 1.3 };

/** `syncstat sim` on a scenario file; its URL and the variables of --print-env. */
function startSim(home, scenario) {
  const file = join(mkdtempSync(join(home, 'sim-')), 'scenario.json');
  writeFileSync(file, JSON.stringify(scenario));
  return startSimProcess(['--scenario', file]);
}

const TIME = '/usr/bin/time';

/** Runs the CLI once: wall milliseconds, peak RSS in KB (from GNU time -v; null without it), the parsed JSON. */
function runMeasured(args, env) {
  const withTime = existsSync(TIME);
  const argv = withTime ? [TIME, ['-v', process.execPath, BIN, ...args]] : [process.execPath, [BIN, ...args]];
  const t = performance.now();
  const r = spawnSync(argv[0], argv[1], { env, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`syncstat ${args.slice(0, 2).join(' ')} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  const rss = withTime ? Number(r.stderr.match(/Maximum resident set size \(kbytes\): (\d+)/)?.[1]) : null;
  const warnings = r.stderr.split('\n').filter((l) => /^(syncstat: )?warning/i.test(l));
  return { ms, rssKb: rss, json: JSON.parse(r.stdout), warnings };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (xs) => [Math.min(...xs), median(xs), Math.max(...xs)].map((x) => x.toFixed(0)).join(' / ');

/** The fleet of 1,000 tasks, one poll, at --concurrency 8. */
async function fleetCase(home, baseEnv) {
  const { scenario, tasks, requests, rows } = fleetScale(FLEET_TASKS, { latencyMs: LATENCY_MS });
  const file = join(home, 'fleet-tasks.json');
  writeFileSync(file, JSON.stringify({ tasks }));
  const sim = await startSim(home, scenario);
  try {
    const env = { ...baseEnv, ...sim.vars };
    runMeasured(['fleet', '--tasks', file, '--json', '--concurrency', String(CONCURRENCY)], env); // warm-up: the code cache
    const runs = [];
    for (let i = 0; i < FLEET_ROUNDS; i++) {
      const run = runMeasured(['fleet', '--tasks', file, '--json', '--concurrency', String(CONCURRENCY)], env);
      if (run.json.results.length !== rows || run.json.errors.length) throw new Error(`fleet: ${run.json.results.length} rows and ${run.json.errors.length} errors, expected ${rows} rows`);
      runs.push(run);
    }
    return { runs, requests, ideal: idealMs(requests, CONCURRENCY, LATENCY_MS) };
  } finally {
    sim.child.kill('SIGINT');
  }
}

/** One StarRocks instance of 50,000 tasks: 1000 pages of 50. */
async function starrocksCase(home, baseEnv) {
  const instance = `${'5'.repeat(32)}in17`;
  const sim = await startSim(home, { huawei: { instances: { [instance]: { generate: STARROCKS_TASKS } } }, faults: [{ type: 'latency', ms: LATENCY_MS }] });
  try {
    const env = { ...baseEnv, ...sim.vars };
    const runs = [];
    for (let i = 0; i < STARROCKS_ROUNDS; i++) {
      const run = runMeasured(['starrocks', instance, '--json', '--concurrency', String(CONCURRENCY)], env);
      if (run.json.results.length !== STARROCKS_TASKS) throw new Error(`starrocks: ${run.json.results.length} rows, expected ${STARROCKS_TASKS}`);
      runs.push(run);
    }
    const pages = Math.ceil(STARROCKS_TASKS / 50);
    return { runs, pages, ideal: Math.ceil(pages / CONCURRENCY) * LATENCY_MS };
  } finally {
    sim.child.kill('SIGINT');
  }
}

/** scripts/leak-check.ts, bundled: `fleet --watch` of 1,000 moving tasks in-process, heap after GC sampled. */
async function fleetLeakCase(home, baseEnv) {
  const outfile = await bundleHarness(fileURLToPath(new URL('./leak-check.ts', import.meta.url)), join(home, 'leak-check-fleet.mjs'));
  // No latency here: the heap, not the time, is measured, and 100 polls of 500 requests take about 20 s.
  const { scenario, tasks, requests } = fleetScale(FLEET_TASKS, { latencyMs: 0, moving: true });
  const file = join(home, 'leak-tasks.json');
  writeFileSync(file, JSON.stringify({ tasks }));
  const config = join(home, 'leak-config.json');
  writeFileSync(config, '{}');
  const scenarioFile = join(home, 'leak-scenario.json');
  writeFileSync(scenarioFile, JSON.stringify(scenario));
  // The simulator runs inside the harness, on its virtual clock.
  const run = spawnSync(process.execPath, ['--expose-gc', outfile, JSON.stringify({ ...baseEnv, SYNCSTAT_BENCH_CONFIG: config }), 'fleet', String(LEAK_POLLS), '5s', file, scenarioFile], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status !== 0) throw new Error(`fleet leak check failed: ${run.stderr}`);
  const { samples, code } = JSON.parse(run.stdout.trim().split('\n').pop());
  if (code !== 130) throw new Error(`fleet leak check: the watch ended with ${code}, not by the interrupt`);
  const perPoll = Object.values(requests).reduce((a, b) => a + b, 0);
  // The first 30% is warm-up (code optimized, caches and pools filled); the slope is taken after it.
  const [first, last] = [samples[2], samples[samples.length - 1]];
  const perRequest = (last.heap - first.heap) / ((last.polls - first.polls) * perPoll);
  return { perPoll, first, last, perRequest, series: samples.map((x) => Math.round(x.heap / 1024)) };
}

/** Runs the scale cases; returns the report's lines and how many targets were missed. */
export async function runScaleCases(baseEnv, home = mkdtempSync(join(tmpdir(), 'syncstat-bench-scale-'))) {
  const lines = [];
  let missed = 0;
  const verdict = (ok) => {
    if (!ok) missed++;
    return ok ? 'ok' : 'MISSED';
  };

  const fleet = await fleetCase(home, baseEnv);
  const fleetRatios = fleet.runs.map((r) => r.ms / fleet.ideal);
  const rss = fleet.runs.map((r) => r.rssKb);
  const peakMb = rss.includes(null) ? null : Math.max(...rss) / 1024;
  const n = Object.values(fleet.requests).reduce((a, b) => a + b, 0);
  lines.push(`fleet, ${FLEET_TASKS} tasks, ${LATENCY_MS} ms a request: ${n} requests (${Object.entries(fleet.requests).map(([k, v]) => `${k} ${v}`).join(', ')}) at --concurrency ${CONCURRENCY}, ideal ${fleet.ideal} ms`);
  lines.push(`  ${fmt(fleet.runs.map((r) => r.ms))} ms (min / median / max of ${FLEET_ROUNDS})  ${median(fleetRatios).toFixed(2)}x ideal (target <= ${TARGETS.fleet}x) ${verdict(median(fleetRatios) <= TARGETS.fleet)}`);
  lines.push(`  peak RSS ${peakMb === null ? 'not measured (no /usr/bin/time)' : `${peakMb.toFixed(1)} MB`} (target <= ${TARGETS.fleetRssMb} MB) ${verdict(peakMb !== null && peakMb <= TARGETS.fleetRssMb)}`);

  const sr = await starrocksCase(home, baseEnv);
  const srRatios = sr.runs.map((r) => r.ms / sr.ideal);
  const srRss = sr.runs.map((r) => r.rssKb).filter((x) => x !== null);
  lines.push(`starrocks, ${STARROCKS_TASKS} tasks (${sr.pages} pages), ${LATENCY_MS} ms a request, --concurrency ${CONCURRENCY}: ideal ${sr.ideal} ms`);
  lines.push(`  ${fmt(sr.runs.map((r) => r.ms))} ms (min / median / max of ${STARROCKS_ROUNDS})  ${median(srRatios).toFixed(2)}x ideal (target <= ${TARGETS.starrocks}x) ${verdict(median(srRatios) <= TARGETS.starrocks)}${srRss.length ? `; peak RSS ${(Math.max(...srRss) / 1024).toFixed(0)} MB` : ''}`);
  if (sr.runs.some((r) => r.warnings.length)) lines.push(`  warnings: ${sr.runs[0].warnings.join('; ')}`);

  const leak = await fleetLeakCase(home, baseEnv);
  const kb = (b) => `${(b / 1024).toFixed(0)} KB`;
  lines.push(`fleet --watch of ${FLEET_TASKS} tasks at 5s (virtual clock), ${LEAK_POLLS} polls of ${leak.perPoll} requests: live heap after GC ${kb(leak.first.heap)} at poll ${leak.first.polls}, ${kb(leak.last.heap)} at poll ${leak.last.polls}: ${leak.perRequest.toFixed(1)} bytes/request (target < ${LEAK_BYTES_PER_REQUEST}) ${verdict(leak.perRequest < LEAK_BYTES_PER_REQUEST)}`);
  lines.push(`  heap after GC every ${leak.first.polls / 3} polls (KB): ${leak.series.join(' ')}`);
  return { lines, missed };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const home = mkdtempSync(join(tmpdir(), 'syncstat-bench-scale-'));
  const { lines, missed } = await runScaleCases({ PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_CACHE_HOME: join(home, 'cache') }, home);
  console.log(lines.join('\n'));
  if (missed) {
    console.log(`\n${missed} target(s) missed`);
    process.exitCode = 1;
  }
}
