// Bundled and run by scripts/bench.mjs under `node --expose-gc`: a long --watch in-process, sampling the
// live heap after a full GC as polls go by. A leak per request (such as an AbortSignal.any() of a
// long-lived signal per request, nodejs/node#55351) shows as a steady slope.
//   leak-check.js <env JSON> <ids,comma,separated> <polls>
//       syncstat status <ids> --watch against the simulator the env names; real clock, sleeps take no time
//   leak-check.js <env JSON> fleet <polls> <interval> <task list file> <scenario file>
//       syncstat fleet --tasks <file> --watch --interval <interval> against a simulator started here on the
//       scenario; both on one virtual clock that each sleep advances (signatures and timelines agree)
import { runCli } from '../src/cli/run.js';
import { loadSims, simEnv } from '../src/sim/registry.js';
import { startSimulator } from '../src/sim/server.js';
import { benchIo } from './harness-io.js';
import { readFileSync } from 'node:fs';

declare const gc: () => void;

const [env, what, pollsArg, interval, tasksFile, scenarioFile] = [JSON.parse(process.argv[2]) as Record<string, string>, ...process.argv.slice(3)];
const fleet = what === 'fleet';
const POLLS = Number(pollsArg);
const SAMPLE_EVERY = Math.max(1, Math.floor(POLLS / 10));
const controller = new AbortController();
const samples: Array<{ polls: number; heap: number }> = [];
let polls = 0;
let clock = Date.now();
const now = fleet ? () => clock : Date.now;

// Between polls: sample the heap, stop after POLLS polls (as Ctrl-C would), else poll again at once.
const sleep = async (ms: number) => {
  polls++;
  if (fleet) clock += ms;
  if (polls % SAMPLE_EVERY === 0) {
    gc();
    samples.push({ polls, heap: process.memoryUsage().heapUsed });
  }
  if (polls >= POLLS) controller.abort('SIGINT');
  await new Promise((r) => setImmediate(r));
};

let argv: string[];
let stop = async () => {};
if (fleet) {
  // The simulator keeps a short request log: what it keeps is part of the heap measured.
  const sim = await startSimulator({ port: 0, scenario: JSON.parse(readFileSync(scenarioFile, 'utf8')), now, maxRequestLog: 1000 });
  Object.assign(env, simEnv(await loadSims(), sim.urls));
  stop = sim.close;
  argv = ['fleet', '--tasks', tasksFile, '--watch', '--interval', interval];
} else {
  argv = ['status', ...what.split(','), '--watch'];
}
const io = { ...benchIo(env, sleep, controller.signal), now };
const code = await runCli([...argv, '--config', env.SYNCSTAT_BENCH_CONFIG], io);
await stop();
process.stdout.write(JSON.stringify({ code, polls, requests: fleet ? undefined : polls * (argv.length - 2), samples }) + '\n');
