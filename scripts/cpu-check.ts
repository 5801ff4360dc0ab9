// Bundled and run by scripts/bench.mjs: CPU time per request of a status query of many ids, in-process,
// against a bare node:http client making the same number of keep-alive requests to the same simulator
// (8 in flight, as syncstat's default --concurrency). The simulator runs in another process.
import { request, Agent } from 'node:http';
import { runCli } from '../src/cli/run.js';
import { benchIo } from './harness-io.js';

const [env, idsArg, url, rounds] = [JSON.parse(process.argv[2]) as Record<string, string>, process.argv[3], process.argv[4], Number(process.argv[5])];
const ids = idsArg.split(',');

async function bare(): Promise<void> {
  const agent = new Agent({ keepAlive: true });
  let next = 0;
  const one = (path: string) =>
    new Promise<void>((resolve, reject) => {
      const req = request(url + path, { agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          JSON.parse(Buffer.concat(chunks).toString('utf8'));
          resolve();
        });
      });
      req.on('error', reject);
      req.end();
    });
  const worker = async () => {
    while (next < ids.length) await one(`/openapi/v1/replication/status?replicationId=${ids[next++]}`);
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  agent.destroy();
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
// Warm up both (JIT, connection pools), then alternate.
await bare();
await syncstat();
const times = { bare: [] as number[], syncstat: [] as number[] };
for (let i = 0; i < rounds; i++) {
  times.bare.push(await cpu(bare));
  times.syncstat.push(await cpu(syncstat));
}
process.stdout.write(JSON.stringify({ requests: ids.length, ...times }) + '\n');
