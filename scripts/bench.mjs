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

const sim = spawn(process.execPath, [BIN, 'sim', '--port', '0', '--print-env'], { stdio: ['ignore', 'pipe', 'ignore'] });
const simOut = await new Promise((resolve, reject) => {
  let out = '';
  sim.stdout.on('data', (d) => {
    out += d;
    if (/^# listening on /m.test(out)) resolve(out);
  });
  sim.on('exit', () => reject(new Error(`simulator exited early: ${out}`)));
});
// `sim --print-env`: single-quoted export lines (the demo values hold no quote), then the URL.
const url = simOut.match(/^# listening on (\S+)/m)[1];
const simEnv = Object.fromEntries([...simOut.matchAll(/^export (\w+)='([^']*)'$/gm)].map((m) => [m[1], m[2]]));
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

// Warm-up: the OS file cache is hot for everything, and the first syncstat run writes its code cache.
for (const c of cases) timeOnce(c);
const results = medians(cases);
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
if (missed) console.log(`\n${missed} target(s) missed`);
