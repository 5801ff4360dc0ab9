// Bundled and run by scripts/bench.mjs under `node --expose-gc`: a long --watch in-process against the
// simulator, sampling the live heap after a full GC as polls go by. A leak per request (such as an
// AbortSignal.any() of a long-lived signal per request, nodejs/node#55351) shows as a steady slope.
//   leak-check.js <env JSON> <ids,comma,separated> <polls>          syncstat status <ids> --watch
//   leak-check.js <env JSON> fleet:<task list file> <polls> [5s]    syncstat fleet --tasks <file> --watch --interval 5s
// The clock is virtual: each sleep between polls advances it at once (the interval passes in no time).
import { runCli } from '../src/cli/run.js';
import { benchIo } from './harness-io.js';

declare const gc: () => void;

const [env, what, pollsArg, interval] = [JSON.parse(process.argv[2]) as Record<string, string>, process.argv[3], process.argv[4], process.argv[5] ?? '5s'];
const POLLS = Number(pollsArg);
const SAMPLE_EVERY = Math.max(1, Math.floor(POLLS / 10));
const controller = new AbortController();
const samples: Array<{ polls: number; heap: number }> = [];
let polls = 0;
let clock = Date.now();

// Between polls: sample the heap, stop after POLLS polls (as Ctrl-C would), else poll again at once.
const sleep = async (ms: number) => {
  polls++;
  clock += ms;
  if (polls % SAMPLE_EVERY === 0) {
    gc();
    samples.push({ polls, heap: process.memoryUsage().heapUsed });
  }
  if (polls >= POLLS) controller.abort('SIGINT');
  await new Promise((r) => setImmediate(r));
};
const io = { ...benchIo(env, sleep, controller.signal), now: () => clock };

const fleet = what.startsWith('fleet:') ? what.slice('fleet:'.length) : undefined;
const ids = fleet ? [] : what.split(',');
const argv = fleet ? ['fleet', '--tasks', fleet, '--watch', '--interval', interval] : ['status', ...ids, '--watch'];
const code = await runCli([...argv, '--config', env.SYNCSTAT_BENCH_CONFIG], io);
process.stdout.write(JSON.stringify({ code, polls, requests: fleet ? undefined : polls * ids.length, samples }) + '\n');
