// A big fleet for the scale cases (scripts/bench.mjs, scripts/watch-rss.mjs, scripts/leak-check.ts): a
// simulator scenario and the task list naming every task in it, across the four services, and how many
// requests one poll of it costs each simulated service.

/** `count` tasks, a quarter per service: NineData and UDTS ids, DRS jobs, StarRocks instances of 50 tasks. */
export function fleetScale(count = 1000, { latencyMs = 50, moving = false } = {}) {
  const quarter = Math.floor(count / 4);
  const pad = (i, n) => String(i).padStart(n, '0');
  // Syncing tasks whose lag moves (for a watch: every poll brings real diffs), or still ones.
  const lag = (from) => (moving ? { timeline: [{ for: 7200, delay: { from, to: 100 } }] } : {});
  const ninedata = Array.from({ length: quarter }, (_, i) => `rp-scale${pad(i, 7)}`);
  const udts = Array.from({ length: quarter }, (_, i) => `udts-scale${pad(i, 6)}`);
  const drs = Array.from({ length: quarter }, (_, i) => `00000000-0000-4000-8000-${pad(i, 8)}jb21`);
  const perInstance = 50;
  const instances = Array.from({ length: Math.ceil((count - 3 * quarter) / perInstance) }, (_, i) => `${pad(i, 32)}in17`);
  const starrocksRows = count - 3 * quarter;
  const scenario = {
    ninedata: { replications: Object.fromEntries(ninedata.map((id, i) => [id, { status: 'running', stage: 'inc_writer', delay: 500, ...lag(9000 + i) }])) },
    ucloud: { tasks: Object.fromEntries(udts.map((id) => [id, { Status: 'Syncing', RedisDelayTime: 3 }])) },
    huawei: {
      jobs: Object.fromEntries(drs.map((id) => [id, { status: 'INCRE_TRANSFER_STARTED' }])),
      instances: Object.fromEntries(instances.map((id, i) => [id, { generate: Math.min(perInstance, starrocksRows - i * perInstance) }])),
    },
    faults: latencyMs ? [{ type: 'latency', ms: latencyMs }] : [],
  };
  const tasks = [
    ...ninedata.map((id, i) => ({ service: 'ninedata', id, name: `nd-${i}`, labels: { wave: String(i % 4) } })),
    ...udts.map((id, i) => ({ service: 'udts', id, name: `udts-${i}` })),
    ...drs.map((id, i) => ({ service: 'drs', id, name: `drs-${i}` })),
    ...instances.map((instance, i) => ({ service: 'starrocks', instance, name: `sr-${i}` })),
  ];
  // One poll: NineData and UDTS one request per id, DRS ids batched 100 a request, one page per instance.
  const requests = { ninedata: ninedata.length, ucloud: udts.length, huawei: Math.ceil(drs.length / 100) + instances.length };
  return { scenario, tasks, requests, rows: 3 * quarter + starrocksRows };
}

/**
 * The concurrency-ideal time of one poll: each service has its own limiter of `concurrency` requests in
 * flight and the services run side by side, so the slowest service's ⌈requests / concurrency⌉ rounds
 * of `latencyMs` each.
 */
export function idealMs(requests, concurrency, latencyMs) {
  return Math.max(...Object.values(requests).map((n) => Math.ceil(n / concurrency))) * latencyMs;
}
