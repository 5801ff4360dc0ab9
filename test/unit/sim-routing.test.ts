import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSim } from '../../src/sim/server.js';
import type { SimService } from '../../src/sim/types.js';
import { SIMS, DEFAULT_SCENARIO } from '../sims.js';

let sim: RunningSim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** Another API of the `POST /` with an Action parameter shape (as Alibaba DTS has). */
const lookalike: SimService = {
  name: 'lookalike',
  matches: (req) => req.method === 'POST' && req.path === '/',
  handle: (req) => ({ status: 200, body: { served: 'lookalike', action: new URLSearchParams(req.body).get('Action') } }),
};

describe('the simulator routes by the endpoint a request was sent to', () => {
  it('serves every registered provider, each on a port of its own', async () => {
    sim = await startSimulator({ port: 0, scenario: DEFAULT_SCENARIO });
    expect(Object.keys(sim.urls)).toEqual(SIMS.providers.map((p) => p.name));
    expect(new Set(Object.values(sim.urls)).size).toBe(SIMS.providers.length);
    expect(sim.url).toBe(Object.values(sim.urls)[0]);
  });

  it('two services that share a path shape are both served', async () => {
    const services = [...SIMS.providers.map((p) => p.sim.service), lookalike];
    sim = await startSimulator({ port: 0, scenario: DEFAULT_SCENARIO, services });
    const body = new URLSearchParams({ Action: 'DescribeMigrationJobStatus' });
    const theirs = await fetch(`${sim.urls.lookalike}/`, { method: 'POST', body });
    expect(await theirs.json()).toEqual({ served: 'lookalike', action: 'DescribeMigrationJobStatus' });
    // The same request at another service's port is that service's to answer (here: unsigned, refused its way).
    const other = await fetch(`${Object.values(sim.urls)[1]}/`, { method: 'POST', body });
    expect(await other.json()).not.toMatchObject({ served: 'lookalike' });
    expect(sim.requests.map((r) => r.service)).toEqual(['lookalike', SIMS.providers[1].name]);
  });

  it('a path a service does not serve is a 404 on its port', async () => {
    sim = await startSimulator({ port: 0, scenario: DEFAULT_SCENARIO });
    const res = await fetch(`${sim.url}/no/such/api`);
    expect(res.status).toBe(404);
    expect(sim.requests.at(-1)?.service).toBeNull();
  });
});
