// The exporter over a long run: `syncstat serve` (the built binary) polling a 1,000-task fleet every
// 30 s against the simulator, scraped every 15 s as Prometheus would. Measures, after a warm-up:
// CPU (share of one core, from /proc), RSS (growth over the warm-up value) and scrape latency.
// Targets: a scrape of the 1,000 tasks < 50 ms (median), CPU < 2% of one core on average, RSS within
// 10% of the warm-up value. Linux only (/proc). Exits 1 when a target is missed.
//
//   node scripts/serve-bench.mjs                  # 10 minutes (SERVE_BENCH_MINUTES, or --minutes N)
//   node scripts/serve-bench.mjs --minutes 30     # the 30-minute run
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimProcess } from './sim-process.mjs';

const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const MINUTES = Number(arg('--minutes') ?? process.env.SERVE_BENCH_MINUTES ?? 10);
const TASKS = Number(arg('--tasks') ?? 1000);
const INTERVAL_S = Number(arg('--interval') ?? 30);
const SCRAPE_EVERY_MS = 15_000;
const SAMPLE_EVERY_MS = 10_000;
/** Warm-up: code optimized, pools and heap at their working size. */
const WARMUP_MS = Math.min(120_000, (MINUTES * 60_000) / 5);
const BIN = fileURLToPath(new URL('../bin/syncstat.cjs', import.meta.url));
const home = mkdtempSync(join(tmpdir(), 'syncstat-serve-bench-'));

// The fleet: 40% NineData, 30% UDTS, 30% DRS (batched), every task syncing with a moving lag.
const nNine = Math.round(TASKS * 0.4);
const nUdts = Math.round(TASKS * 0.3);
const nDrs = TASKS - nNine - nUdts;
const nine = Array.from({ length: nNine }, (_, i) => `rp-bench${String(i).padStart(7, '0')}`);
const udts = Array.from({ length: nUdts }, (_, i) => `udts-b${String(i).padStart(6, '0')}`);
const drs = Array.from({ length: nDrs }, (_, i) => `${i.toString(16).padStart(8, '0')}-2308-4bb5-a6bc-1040402fjb21`);
const scenario = {
  ninedata: { replications: Object.fromEntries(nine.map((id) => [id, { timeline: [{ for: 7200, status: 'running', stage: 'inc_writer', delay: { from: 9000, to: 100 } }] }])) },
  ucloud: { tasks: Object.fromEntries(udts.map((id) => [id, { Status: 'Syncing', RedisDelayTime: 3 }])) },
  huawei: { jobs: Object.fromEntries(drs.map((id) => [id, { status: 'INCRE_TRANSFER_STARTED' }])) },
};
const scenarioFile = join(home, 'scenario.json');
writeFileSync(scenarioFile, JSON.stringify(scenario));
const tasksFile = join(home, 'fleet.json');
const entries = [
  ...nine.map((id, i) => ({ service: 'ninedata', id, name: `nine-${i}`, labels: { env: i % 2 ? 'prod' : 'staging', wave: String(i % 5) } })),
  ...udts.map((id, i) => ({ service: 'udts', id, name: `udts-${i}`, labels: { env: 'prod', wave: String(i % 5) } })),
  ...drs.map((id, i) => ({ service: 'drs', id, name: `drs-${i}`, labels: { env: 'prod', wave: String(i % 5) } })),
];
writeFileSync(tasksFile, JSON.stringify({ tasks: entries }));

const startSim = () => startSimProcess(['--scenario', scenarioFile]);

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

function get(port, path) {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let bytes = 0;
      res.on('data', (d) => (bytes += d.length));
      res.on('end', () => resolve({ status: res.statusCode, ms: performance.now() - t, bytes }));
    })
      .on('error', reject)
      .end();
  });
}

/** utime + stime in seconds, and RSS in bytes, of a process (Linux /proc). */
function usage(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const rss = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;
  return { cpuS: ticks / 100, rss };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (b) => `${(b / 1048576).toFixed(1)} MB`;

const sim = await startSim();
const port = await freePort();
const env = { PATH: process.env.PATH, HOME: home, XDG_CACHE_HOME: join(home, 'cache'), XDG_CONFIG_HOME: join(home, 'config'), ...sim.vars };
const serve = spawn(process.execPath, [BIN, 'serve', '--tasks', tasksFile, '--listen', `127.0.0.1:${port}`, '--interval', `${INTERVAL_S}s`], { env, stdio: ['ignore', 'ignore', 'pipe'] });
let stderr = '';
serve.stderr.on('data', (d) => (stderr += d));
try {
  const readyBy = Date.now() + 120_000;
  for (;;) {
    const r = await get(port, '/ready').catch(() => ({ status: 0 }));
    if (r.status === 200) break;
    if (Date.now() > readyBy || serve.exitCode !== null) throw new Error(`serve never became ready: ${stderr}`);
    await sleep(200);
  }
  const started = Date.now();
  const end = started + MINUTES * 60_000;
  const samples = [];
  const scrapes = [];
  let nextScrape = started;
  let nextSample = started;
  while (Date.now() < end) {
    const now = Date.now();
    if (now >= nextSample) {
      samples.push({ t: now - started, ...usage(serve.pid) });
      nextSample += SAMPLE_EVERY_MS;
    }
    if (now >= nextScrape) {
      const r = await get(port, '/metrics');
      scrapes.push({ t: now - started, ms: r.ms, bytes: r.bytes });
      nextScrape += SCRAPE_EVERY_MS;
    }
    await sleep(Math.max(10, Math.min(nextSample, nextScrape) - Date.now()));
  }
  samples.push({ t: Date.now() - started, ...usage(serve.pid) });

  const after = samples.filter((s) => s.t >= WARMUP_MS);
  const base = after[0];
  const last = after.at(-1);
  const cpuShare = (last.cpuS - base.cpuS) / ((last.t - base.t) / 1000);
  // RSS swings with each poll's garbage; growth is the mean of the last minute over the mean of the
  // first minute after warm-up (a leak shows as a trend, not as one sample after a poll).
  const minute = Math.max(1, Math.round(60_000 / SAMPLE_EVERY_MS));
  const mean = (xs) => xs.reduce((a, s) => a + s.rss, 0) / xs.length;
  const rssFirst = mean(after.slice(0, minute));
  const rssEnd = mean(after.slice(-minute));
  const rssMax = Math.max(...after.map((s) => s.rss));
  const rssGrowth = rssEnd / rssFirst - 1;
  const warmScrapes = scrapes.filter((s) => s.t >= WARMUP_MS).map((s) => s.ms);
  const scrapeMedian = median(warmScrapes);
  const result = {
    minutes: MINUTES,
    tasks: TASKS,
    intervalS: INTERVAL_S,
    cpuPercentOfOneCore: +(cpuShare * 100).toFixed(2),
    rssFirstMinute: Math.round(rssFirst),
    rssLastMinute: Math.round(rssEnd),
    rssMax,
    rssLast: last.rss,
    rssGrowthPercent: +(rssGrowth * 100).toFixed(1),
    scrapeMs: { median: +scrapeMedian.toFixed(1), max: +Math.max(...warmScrapes).toFixed(1), count: warmScrapes.length },
    scrapeBytes: scrapes.at(-1).bytes,
    rssSeriesMB: samples.map((s) => +(s.rss / 1048576).toFixed(1)),
  };
  const checks = [
    [`scrape of ${TASKS} tasks: median ${scrapeMedian.toFixed(1)} ms, max ${result.scrapeMs.max} ms (${(result.scrapeBytes / 1024).toFixed(0)} KB; target median < 50 ms)`, scrapeMedian < 50],
    [`CPU: ${result.cpuPercentOfOneCore}% of one core on average after warm-up (target < 2%)`, cpuShare < 0.02],
    [`RSS: ${mb(rssFirst)} in the first minute after warm-up, ${mb(rssEnd)} in the last (at most ${mb(rssMax)}): ${rssGrowth >= 0 ? '+' : ''}${result.rssGrowthPercent}% (target within 10%)`, Math.abs(rssGrowth) <= 0.1],
  ];
  console.log(`syncstat serve, ${TASKS} tasks polled every ${INTERVAL_S} s, scraped every ${SCRAPE_EVERY_MS / 1000} s, for ${MINUTES} min (warm-up ${WARMUP_MS / 1000} s):`);
  for (const [line, ok] of checks) console.log(`  ${line} ${ok ? 'ok' : 'OVER TARGET'}`);
  console.log(`  RSS every ${SAMPLE_EVERY_MS / 1000} s (MB): ${result.rssSeriesMB.join(' ')}`);
  console.log(JSON.stringify(result));
  if (checks.some(([, ok]) => !ok)) process.exitCode = 1;
} finally {
  serve.kill('SIGTERM');
  sim.child.kill('SIGINT');
}
