// Bundled and run by scripts/bench.mjs under `node --expose-gc`: a long --watch in-process against the
// simulator, sampling the live heap after a full GC as polls go by. A leak per request (such as an
// AbortSignal.any() of a long-lived signal per request, nodejs/node#55351) shows as a steady slope.
import { runCli } from '../src/cli/run.js';
import { benchIo } from './harness-io.js';

declare const gc: () => void;

const [env, idsArg, pollsArg] = [JSON.parse(process.argv[2]) as Record<string, string>, process.argv[3], process.argv[4]];
const ids = idsArg.split(',');
const POLLS = Number(pollsArg);
const SAMPLE_EVERY = Math.max(1, Math.floor(POLLS / 10));
const controller = new AbortController();
const samples: Array<{ polls: number; heap: number }> = [];
let polls = 0;

// Between polls: sample the heap, stop after POLLS polls (as Ctrl-C would), else poll again at once.
const sleep = async () => {
  polls++;
  if (polls % SAMPLE_EVERY === 0) {
    gc();
    samples.push({ polls, heap: process.memoryUsage().heapUsed });
  }
  if (polls >= POLLS) controller.abort('SIGINT');
  await new Promise((r) => setImmediate(r));
};
const io = benchIo(env, sleep, controller.signal);

const code = await runCli(['status', ...ids, '--watch', '--config', env.SYNCSTAT_BENCH_CONFIG], io);
process.stdout.write(JSON.stringify({ code, requests: polls * ids.length, samples }) + '\n');
