// npm run bench: start-up and one-query cost of the built CLI, as ratios against bare Node measured in
// the same run (these machines are noisy; absolute milliseconds mean little, ratios travel).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.env.BENCH_RUNS ?? 21);
const BIN = fileURLToPath(new URL('../bin/syncstat.cjs', import.meta.url));
const home = mkdtempSync(join(tmpdir(), 'syncstat-bench-'));

/** Starts `syncstat sim` (optionally on a scenario file) and reads its URL and variables from --print-env. */
async function startSim(args = []) {
  const child = spawn(process.execPath, [BIN, 'sim', '--port', '0', '--print-env', ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
  const out = await new Promise((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (d) => {
      text += d;
      if (/^# listening on /m.test(text)) resolve(text);
    });
    child.on('exit', () => reject(new Error(`simulator exited early: ${text}`)));
  });
  // `sim --print-env`: single-quoted export lines (the demo values hold no quote), then the URL.
  const vars = Object.fromEntries([...out.matchAll(/^export (\w+)='([^']*)'$/gm)].map((m) => [m[1], m[2]]));
  return { child, url: out.match(/^# listening on (\S+)/m)[1], vars };
}

const { child: sim, url, vars: simEnv } = await startSim();
const env = { PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: join(home, 'config'), ...simEnv };

function timeOnce(c) {
  const t = performance.now();
  const r = spawnSync(process.execPath, c.args, { env: { ...env, ...c.env }, cwd: c.cwd ?? home, encoding: 'utf8' });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${c.args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

/** Round-robin: every round runs each case once, so a machine that slows down mid-run slows all alike. */
function medians(cases) {
  const times = cases.map(() => []);
  for (let i = 0; i < RUNS; i++) cases.forEach((c, j) => times[j].push(timeOnce(c)));
  return Object.fromEntries(cases.map((c, j) => [c.name, times[j].sort((a, b) => a - b)[Math.floor(RUNS / 2)]]));
}

// A project directory with a config file (profiles, the secret from the environment), as many users have.
const project = mkdtempSync(join(home, 'project-'));
const ninedata = { endpoint: simEnv.NINEDATA_ENDPOINT, accessKeyId: simEnv.NINEDATA_ACCESS_KEY_ID, accessKeySecret: '${NINEDATA_SECRET}' };
writeFileSync(join(project, '.statusrc.json'), JSON.stringify({ profiles: { default: { ninedata } } }), { mode: 0o600 });
const configEnv = { NINEDATA_ENDPOINT: '', NINEDATA_ACCESS_KEY_ID: '', NINEDATA_ACCESS_KEY_SECRET: '', NINEDATA_SECRET: simEnv.NINEDATA_ACCESS_KEY_SECRET };

const bareRequest = `require('http').get(${JSON.stringify(url + '/openapi/now')}, (r) => { r.resume(); r.on('end', () => {}); })`;
const cases = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'syncstat --version', args: [BIN, '--version'], baseline: 'node -e 0', target: 1.3 },
  { name: 'bare node, one HTTP request', args: ['-e', bareRequest] },
  { name: 'syncstat status <id> --json', args: [BIN, 'status', 'rp-div0t0awwobr', '--json'], baseline: 'bare node, one HTTP request', target: 1.5 },
  // For information: the first run on a machine, before the V8 code cache exists.
  { name: '  same, without the code cache', args: [BIN, 'status', 'rp-div0t0awwobr', '--json'], env: { NODE_DISABLE_COMPILE_CACHE: '1' }, baseline: 'bare node, one HTTP request' },
  // For information: credentials from a .statusrc.json (cosmiconfig loads) instead of the environment.
  { name: '  same, with a .statusrc.json', args: [BIN, 'status', 'rp-div0t0awwobr', '--json'], env: configEnv, cwd: project, baseline: 'bare node, one HTTP request' },
];

/**
 * Leak check (not a timed test): a --watch of many ids in-process, the live heap sampled after a full
 * GC as the polls go by. Target: the heap after warm-up grows by less than LEAK_BYTES_PER_REQUEST
 * per request (the AbortSignal.any() leak this guards against cost about 110 bytes a request).
 */
const LEAK_IDS = 50;
const LEAK_POLLS = Number(process.env.BENCH_LEAK_POLLS ?? 400);
const LEAK_BYTES_PER_REQUEST = 20;
async function leakCheck() {
  const { build } = await import('esbuild');
  const outfile = join(home, 'leak-check.mjs');
  await build({
    entryPoints: [fileURLToPath(new URL('./leak-check.ts', import.meta.url))],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
    define: { __SYNCSTAT_VERSION__: '"bench"' },
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
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

// Warm-up: the OS file cache is hot for everything, and the first syncstat run writes its code cache.
for (const c of cases) timeOnce(c);
const results = medians(cases);
const leak = await leakCheck();
sim.kill('SIGINT');

console.log(`median of ${RUNS} rounds, each case once per round (node ${process.version}, simulator at ${url})\n`);
let missed = 0;
for (const c of cases) {
  const ms = results[c.name].toFixed(1).padStart(7);
  if (!c.baseline) {
    console.log(`${c.name.padEnd(34)} ${ms} ms`);
    continue;
  }
  const ratio = results[c.name] / results[c.baseline];
  const line = `${c.name.padEnd(34)} ${ms} ms  ${ratio.toFixed(2)}x ${c.baseline}`;
  if (c.target === undefined) {
    console.log(line);
    continue;
  }
  const ok = ratio <= c.target;
  if (!ok) missed++;
  console.log(`${line} (target <= ${c.target}x) ${ok ? 'ok' : 'OVER TARGET'}`);
}
const kb = (b) => `${(b / 1024).toFixed(0)} KB`;
const leakOk = leak.perRequest < LEAK_BYTES_PER_REQUEST;
if (!leakOk) missed++;
console.log(`\nleak check: --watch of ${LEAK_IDS} ids, ${leak.requests} requests: live heap after GC ${kb(leak.first.heap)} at poll ${leak.first.polls}, ${kb(leak.last.heap)} at poll ${leak.last.polls}: ${leak.perRequest.toFixed(1)} bytes/request (target < ${LEAK_BYTES_PER_REQUEST}) ${leakOk ? 'ok' : 'OVER TARGET'}`);
console.log(`  heap after GC every ${leak.first.polls} polls (KB): ${leak.series.join(' ')}`);
if (missed) {
  console.log(`\n${missed} target(s) missed`);
  process.exitCode = 1;
}
