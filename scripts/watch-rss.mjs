// A long `syncstat fleet --watch` of a big fleet against the simulator (latency per request), its RSS
// read from /proc every 5 s and reported per minute (the minute's peak, and its lowest): after warm-up
// the peaks must stay flat, within 10% (a dip is memory given back after a GC, not growth).
// Not part of `npm run bench` (it takes half an hour); run it after `npm run build`:
//   node scripts/watch-rss.mjs [minutes=30] [tasks=1000] [interval=5s]
// Prints a line per sample and, last, one JSON line with every figure. Exits 1 when RSS grew.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fleetScale } from './fleet-scale.mjs';
import { startSimProcess } from './sim-process.mjs';

const [minutes, count, interval] = [Number(process.argv[2] ?? 30), Number(process.argv[3] ?? 1000), process.argv[4] ?? '5s'];
const WARM_UP_MIN = Math.min(5, Math.floor(minutes / 3));
const BIN = fileURLToPath(new URL('../bin/syncstat.cjs', import.meta.url));
const home = mkdtempSync(join(tmpdir(), 'syncstat-watch-rss-'));

const { scenario, tasks } = fleetScale(count, { latencyMs: 50, moving: true });
writeFileSync(join(home, 'scenario.json'), JSON.stringify(scenario));
writeFileSync(join(home, 'tasks.json'), JSON.stringify({ tasks }));

const { child: sim, vars: simEnv } = await startSimProcess(['--scenario', join(home, 'scenario.json')], 'inherit');

const env = { PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_CACHE_HOME: join(home, 'cache'), ...simEnv };
const watch = spawn(process.execPath, [BIN, 'fleet', '--tasks', join(home, 'tasks.json'), '--watch', '--interval', interval, '--timeout', `${minutes + 10}m`], { env, cwd: home, stdio: ['ignore', 'pipe', 'pipe'] });
let events = 0;
let stderr = '';
watch.stdout.on('data', (d) => (events += d.toString().split('\n').length - 1));
watch.stderr.on('data', (d) => (stderr = (stderr + d).slice(-2000)));

const rssKb = (pid) => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+)/m)[1]);
const samples = [];
const started = Date.now();
const mb = (kb) => (kb / 1024).toFixed(1);
for (let m = 1; m <= minutes; m++) {
  const readings = [];
  for (let t = 5_000; t <= 60_000 && watch.exitCode === null; t += 5_000) {
    await new Promise((r) => setTimeout(r, started + (m - 1) * 60_000 + t - Date.now()));
    if (watch.exitCode === null) readings.push(rssKb(watch.pid));
  }
  if (watch.exitCode !== null) break;
  samples.push({ minute: m, rssKb: Math.max(...readings), lowKb: Math.min(...readings), events });
  console.log(`minute ${String(m).padStart(2)}: RSS peak ${mb(samples.at(-1).rssKb)} MB (low ${mb(samples.at(-1).lowKb)}), ${events} change events`);
}
const exited = watch.exitCode;
watch.kill('SIGINT');
sim.kill('SIGINT');

// Per-minute peaks after warm-up: their spread, and the growth from the first third's highest to the last third's.
const after = samples.filter((s) => s.minute > WARM_UP_MIN).map((s) => s.rssKb);
const [lo, hi] = [Math.min(...after), Math.max(...after)];
const third = Math.max(1, Math.floor(after.length / 3));
const growth = (Math.max(...after.slice(-third)) - Math.max(...after.slice(0, third))) / Math.max(...after.slice(0, third));
const spread = (hi - lo) / lo;
const ok = exited === null && samples.length === minutes && spread <= 0.1 && growth <= 0.1;
console.log(
  `fleet --watch of ${count} tasks at ${interval}, ${minutes} min: RSS peaks after ${WARM_UP_MIN} min warm-up ${mb(lo)}-${mb(hi)} MB ` +
    `(spread ${(spread * 100).toFixed(1)}%; first third to last third ${(growth * 100).toFixed(1)}%; target within 10%) ${ok ? 'ok' : 'MISSED'}` +
    (exited !== null ? `; the watch exited early (${exited}): ${stderr.trim().split('\n').pop()}` : ''),
);
console.log(JSON.stringify({ minutes, count, interval, warmUpMin: WARM_UP_MIN, samples, spread, growth, ok }));
process.exitCode = ok ? 0 : 1;
