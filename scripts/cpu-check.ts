// Bundled and run by scripts/bench.mjs: CPU time per request of a status query of many ids, in-process,
// against a bare node:http keep-alive client making the same requests to the same simulator (8 in
// flight, as syncstat's default --concurrency). The simulator runs in another process.
//
// The bare client does what any correct client of this API must, and nothing more: it signs each
// request as NineData demands (a timestamp and a SHA-256 signature header, by node:crypto, the cheapest
// way there is) and parses the JSON answer. Unsigned, as it first was, it was answered 401 with a short
// error body: timed on other answers than syncstat gets, and credited for skipping what the API
// requires. That figure is still measured (`unsigned`) and shown for information.
import { hash } from 'node:crypto';
import { Agent, request } from 'node:http';
import { runCli } from '../src/cli/run.js';
import { benchIo } from './harness-io.js';

// argv: env, ids, the simulator's URL (unused: NINEDATA_ENDPOINT in env is the service's), rounds.
const [env, idsArg, rounds] = [JSON.parse(process.argv[2]) as Record<string, string>, process.argv[3], Number(process.argv[5])];
const ids = idsArg.split(',');
const PATH = '/openapi/v1/replication/status';
const WARM_UP_ROUNDS = 8;

async function bare(sign: boolean): Promise<void> {
  const agent = new Agent({ keepAlive: true });
  let next = 0;
  let refused = 0;
  const signed = () => {
    const timestamp = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const signature = hash('sha256', `${PATH}/${env.NINEDATA_ACCESS_KEY_SECRET}&${timestamp}`, 'hex');
    return { 'access-key-id': env.NINEDATA_ACCESS_KEY_ID, timestamp, signature };
  };
  const one = (id: string) =>
    new Promise<void>((resolve, reject) => {
      const req = request(`${env.NINEDATA_ENDPOINT}${PATH}?replicationId=${id}`, { agent, headers: sign ? signed() : undefined }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          if ((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { success?: unknown }).success !== true) refused++;
          resolve();
        });
      });
      req.on('error', reject);
      req.end();
    });
  const worker = async () => {
    while (next < ids.length) await one(ids[next++]);
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  agent.destroy();
  if (sign && refused) throw new Error(`the simulator refused ${refused} signed requests of the bare client`);
}

async function syncstat(): Promise<void> {
  const io = benchIo(env, (ms) => new Promise((r) => setTimeout(r, ms)), new AbortController().signal);
  const code = await runCli(['status', ...ids, '--json', '--config', env.SYNCSTAT_BENCH_CONFIG], io);
  if (code !== 0) throw new Error(`status exited ${code}`);
}

const cpu = async (fn: () => Promise<void>) => {
  const before = process.cpuUsage();
  await fn();
  const d = process.cpuUsage(before);
  return (d.user + d.system) / 1000;
};
// Warm up all (JIT, connection pools, heap sizing), then alternate. Per request means at steady
// state: after one warm-up run, syncstat's first measured rounds cost up to half as much again as its
// later ones (the bare client's up to a fifth): compiling and optimizing its far larger code is a cost
// per process, not per request. With one warm-up round the ratio of five rounds read 1.30-1.38 on a
// busy machine; after eight, 1.21-1.29.
for (let i = 0; i < WARM_UP_ROUNDS; i++) {
  await bare(true);
  await bare(false);
  await syncstat();
}
const times = { bare: [] as number[], unsigned: [] as number[], syncstat: [] as number[] };
for (let i = 0; i < rounds; i++) {
  times.bare.push(await cpu(() => bare(true)));
  times.unsigned.push(await cpu(() => bare(false)));
  times.syncstat.push(await cpu(syncstat));
}
process.stdout.write(JSON.stringify({ requests: ids.length, ...times }) + '\n');
