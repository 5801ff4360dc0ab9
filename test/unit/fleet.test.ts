import { Readable } from 'node:stream';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DRS_JOBS, STARROCKS_SMALL } from '../../src/providers/huawei/sim/scenario.js';
import { fleetTasks } from '../../src/sim/registry.js';
import { runVirtual, startVirtualSim, type VirtualSim } from '../inproc.js';
import { SIMS } from '../sims.js';
import { assertValidOutput } from '../schema.js';

// `syncstat fleet`, in-process against the simulator on a virtual clock.

let sim: VirtualSim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const json = (stdout: string) => JSON.parse(stdout) as { results: any[]; errors: any[] };

function taskFile(tasks: unknown, ext = 'json'): string {
  const dir = mkdtempSync(join(tmpdir(), 'syncstat-fleet-'));
  const file = join(dir, `fleet.${ext}`);
  writeFileSync(file, typeof tasks === 'string' ? tasks : JSON.stringify({ tasks }));
  return file;
}

const MIXED = [
  { service: 'ninedata', id: 'rp-div0t0awwobr', name: 'orders', labels: { env: 'prod', wave: '3' } },
  { service: 'udts', id: 'udts-failed01', name: 'archive', labels: { env: 'staging' } },
  { service: 'drs', id: DRS_JOBS.syncing, name: 'crm', labels: { env: 'prod' } },
  { service: 'starrocks', instance: STARROCKS_SMALL, name: 'analytics', tasks: ['orders_sync', 'events_full'] },
  { service: 'drs', id: DRS_JOBS.running },
  { service: 'udts', id: 'udts-ixdp441', labels: { env: 'prod', wave: '3' } },
];

describe('syncstat fleet', () => {
  it('queries a mixed fleet across every service: one report in the list order, tagged rows, exit 1 for the failed task', async () => {
    sim = await startVirtualSim();
    const res = await runVirtual(sim, ['fleet', '--tasks', taskFile(MIXED), '--json']);
    expect(res.code, res.stderr).toBe(1);
    const out = json(res.stdout);
    assertValidOutput(out);
    expect(out.results.map((r) => [r.details.fleet.service, r.id, r.phase])).toEqual([
      ['ninedata', 'rp-div0t0awwobr', 'syncing'],
      ['udts', 'udts-failed01', 'failed'],
      ['drs', DRS_JOBS.syncing, 'syncing'],
      ['starrocks', 'orders_sync', 'syncing'],
      ['starrocks', 'events_full', 'running'],
      ['drs', DRS_JOBS.running, 'running'],
      ['udts', 'udts-ixdp441', 'syncing'],
    ]);
    expect(out.results[0].details.fleet).toEqual({ service: 'ninedata', id: 'rp-div0t0awwobr', name: 'orders', labels: { env: 'prod', wave: '3' } });
    expect(res.stderr).toMatch(/^error: udts archive \(udts-failed01\) failed \(Failed: /m);
  });

  it('sends the DRS ids of a fleet in one batch request, and one listing per instance', async () => {
    sim = await startVirtualSim();
    await runVirtual(sim, ['fleet', '--tasks', taskFile(MIXED), '--json']);
    const batches = sim.requests.filter((r) => r.path.endsWith('/jobs/batch-status'));
    expect(batches).toHaveLength(1);
    expect(batches[0].body).toContain(DRS_JOBS.syncing);
    expect(batches[0].body).toContain(DRS_JOBS.running);
    expect(sim.requests.filter((r) => r.path.includes(`/instances/${STARROCKS_SMALL}/`))).toHaveLength(1);
  });

  it('prints one table across services and a count per phase', async () => {
    sim = await startVirtualSim();
    const res = await runVirtual(sim, ['fleet', '--tasks', taskFile(MIXED), '-o', 'table']);
    const lines = res.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^SERVICE\s+NAME\s+PHASE\s+STATUS\s+STAGE\s+PROGRESS\s+LAG\s+MESSAGE$/);
    expect(lines[1]).toMatch(/^ninedata\s+orders\s+syncing/);
    expect(lines[4]).toMatch(/^starrocks\s+analytics\/orders_sync\s+syncing/);
    expect(lines.at(-1)).toBe('7 tasks: 4 syncing, 2 running, 1 failed');
  });

  it('a task an instance entry names that the instance lacks is that entry\'s error (exit 4)', async () => {
    sim = await startVirtualSim();
    const res = await runVirtual(sim, ['fleet', '--tasks', taskFile([{ service: 'starrocks', instance: STARROCKS_SMALL, tasks: ['orders_sync', 'nope'] }]), '--json']);
    expect(res.code).toBe(4);
    const out = json(res.stdout);
    expect(out.results.map((r) => r.id)).toEqual(['orders_sync']);
    expect(out.errors.map((e) => [e.id, e.code])).toEqual([['nope', 'NOT_FOUND']]);
  });

  it('selects by --service, --label and --phase, and sorts by --sort-by', async () => {
    sim = await startVirtualSim();
    const file = taskFile(MIXED);
    const ids = async (...args: string[]) => json((await runVirtual(sim!, ['fleet', '--tasks', file, '--json', ...args])).stdout).results.map((r) => r.id);
    expect(await ids('--service', 'drs')).toEqual([DRS_JOBS.syncing, DRS_JOBS.running]);
    expect(await ids('--service', 'drs', '--service', 'udts')).toEqual(['udts-failed01', DRS_JOBS.syncing, DRS_JOBS.running, 'udts-ixdp441']);
    expect(await ids('--label', 'env=prod', '--label', 'wave=3')).toEqual(['rp-div0t0awwobr', 'udts-ixdp441']);
    expect(await ids('--phase', 'failed,running')).toEqual(['udts-failed01', 'events_full', DRS_JOBS.running]);
    expect((await ids('--sort-by', 'phase')).slice(0, 3)).toEqual(['udts-failed01', 'events_full', DRS_JOBS.running]);
    expect(await ids('--sort-by', 'name', '--service', 'ninedata', '--service', 'udts')).toEqual(['udts-failed01', 'rp-div0t0awwobr', 'udts-ixdp441']);
    expect((await ids('--sort-by', 'lag'))[0]).toBe('udts-ixdp441');
    // The least done first; rows with no progress last, in the list's order.
    expect((await ids('--sort-by', 'progress')).slice(0, 2)).toEqual(['events_full', 'orders_sync']);
  });

  it('--phase error keeps only the entries that could not be read', async () => {
    sim = await startVirtualSim();
    const res = await runVirtual(sim, ['fleet', '--tasks', taskFile([...MIXED, { service: 'udts', id: 'udts-nosuch01' }]), '--phase', 'error', '--json']);
    expect(res.code).toBe(4);
    const out = json(res.stdout);
    expect(out.results).toEqual([]);
    expect(out.errors.map((e) => e.id)).toEqual(['udts-nosuch01']);
  });

  it('unknown --service, bad --label and bad --phase are usage errors (exit 2)', async () => {
    sim = await startVirtualSim();
    const file = taskFile(MIXED);
    for (const args of [['--service', 'nosuch'], ['--label', 'env'], ['--phase', 'broken'], ['--label', 'env=nowhere']]) {
      const res = await runVirtual(sim, ['fleet', '--tasks', file, ...args]);
      expect(res.code, args.join(' ')).toBe(2);
      expect(sim.requests).toHaveLength(0);
    }
  });

  it('--until waits for the whole fleet', async () => {
    sim = await startVirtualSim();
    const tasks = [
      { service: 'ninedata', id: 'rp-cutover00001' },
      { service: 'udts', id: 'udts-ixdp441' },
    ];
    const res = await runVirtual(sim, ['fleet', '--tasks', taskFile(tasks), '--until', 'syncing', '--max-lag', '5s', '--interval', '1s', '--json']);
    expect(res.code, res.stderr).toBe(0);
    expect(json(res.stdout).results.every((r) => r.phase === 'syncing')).toBe(true);
    expect(res.elapsedMs).toBeGreaterThan(2000);
    expect(res.stderr).toMatch(/condition "every task syncing with lag <= 5s" met/);
    // Every service of the fleet; DRS reports no lag, so this one waits without --max-lag.
    const all = await runVirtual(sim, ['fleet', '--tasks', taskFile([...tasks, { service: 'drs', id: DRS_JOBS.syncing }]), '--until', 'syncing', '--interval', '1s', '--json']);
    expect(all.code, all.stderr).toBe(0);
    expect(json(all.stdout).results).toHaveLength(3);
  });

  it('--until gives up at once when a task of the fleet failed (exit 1)', async () => {
    sim = await startVirtualSim();
    const res = await runVirtual(sim, ['fleet', '--tasks', taskFile(MIXED), '--until', 'syncing', '--json']);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/can no longer be met/);
  });

  it('names the bad entry of a task list by index and key (exit 2 for --tasks)', async () => {
    sim = await startVirtualSim();
    const cases: Array<[unknown, RegExp]> = [
      [[{ service: 'ninedata', id: 'rp-div0t0awwobr' }, { service: 'udts' }], /tasks\[1\]\.id is missing/],
      [[{ service: 'dsr', id: 'x' }], /tasks\[0\]\.service: unknown service "dsr" \(did you mean "drs"\?\)/],
      [[{ service: 'starrocks', id: STARROCKS_SMALL }], /tasks\[0\]\.id: not a key of a starrocks entry/],
      [[{ service: 'ninedata', id: 'rp-div0t0awwobr' }, { service: 'ninedata', id: 'rp-div0t0awwobr' }], /tasks\[1\] repeats tasks\[0\]/],
      [[{ service: 'drs', id: 'not-a-job-id!' }], /tasks\[0\]\.id: /],
      [[{ service: 'ninedata', id: 'rp-div0t0awwobr', labels: 'prod' }], /tasks\[0\]\.labels must be an object/],
      [[], /the task list is empty/],
    ];
    for (const [tasks, message] of cases) {
      const res = await runVirtual(sim, ['fleet', '--tasks', taskFile(tasks)]);
      expect(res.code, res.stderr).toBe(2);
      expect(res.stderr).toMatch(message);
    }
    expect(sim.requests).toHaveLength(0);
  });

  it('a task list over 1 MiB is refused (exit 2) with a suggestion of its own', async () => {
    sim = await startVirtualSim();
    const res = await runVirtual(sim, ['fleet', '--tasks', '-'], { openStdin: () => Readable.from([`# ${'x'.repeat(1024 * 1024)}\n`]) });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/stdin is larger than 1 MiB\. A task list is read from at most 1 MiB/);
  });

  it('reads YAML, and the task list from stdin with --tasks -', async () => {
    sim = await startVirtualSim();
    const yaml = `tasks:\n  - { service: ninedata, id: rp-div0t0awwobr, name: orders }\n  - { service: udts, id: udts-ixdp441 }\n`;
    const fromFile = await runVirtual(sim, ['fleet', '--tasks', taskFile(yaml, 'yaml'), '--json']);
    expect(json(fromFile.stdout).results.map((r) => r.id)).toEqual(['rp-div0t0awwobr', 'udts-ixdp441']);
    const fromStdin = await runVirtual(sim, ['fleet', '--tasks', '-', '--json'], { openStdin: () => Readable.from([yaml]) });
    expect(fromStdin.code, fromStdin.stderr).toBe(0);
    expect(json(fromStdin.stdout).results.map((r) => r.id)).toEqual(['rp-div0t0awwobr', 'udts-ixdp441']);
  });

  it('reads tasks: from the profile in the config file; a bad entry there is a config error (exit 3)', async () => {
    sim = await startVirtualSim();
    const good = await runVirtual(sim, ['fleet', '--json'], { config: { profiles: { default: { tasks: MIXED.slice(0, 1) } } } });
    expect(good.code, good.stderr).toBe(0);
    expect(json(good.stdout).results.map((r) => r.id)).toEqual(['rp-div0t0awwobr']);
    const bad = await runVirtual(sim, ['fleet', '--json'], { config: { tasks: [{ service: 'udts', id: 'udts-ixdp441', nmae: 'x' }] } });
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/tasks\[0\]\.nmae: not a key of a udts entry \(did you mean "name"\?\)/);
  });

  it("a service whose credentials are missing is its entries' errors (exit 3); the others are still reported", async () => {
    sim = await startVirtualSim();
    const res = await runVirtual(sim, ['fleet', '--tasks', taskFile(MIXED.slice(0, 3)), '--json'], { env: { UCLOUD_PUBLIC_KEY: '', UCLOUD_PRIVATE_KEY: '' } });
    expect(res.code).toBe(3);
    const out = json(res.stdout);
    expect(out.results.map((r) => r.id)).toEqual(['rp-div0t0awwobr', DRS_JOBS.syncing]);
    expect(out.errors.map((e) => e.id)).toEqual(['udts-failed01']);
    // A wait does not wait for credentials that will never come.
    const wait = await runVirtual(sim, ['fleet', '--tasks', taskFile([MIXED[0], { service: 'udts', id: 'udts-ixdp441' }]), '--until', 'syncing', '--json'], { env: { UCLOUD_PUBLIC_KEY: '', UCLOUD_PRIVATE_KEY: '' } });
    expect(wait.code).toBe(3);
    expect(wait.elapsedMs).toBeLessThan(60_000);
  });

  it("the demo's task list names tasks of the default scenario in every service", async () => {
    sim = await startVirtualSim();
    const res = await runVirtual(sim, ['fleet', '--tasks', taskFile(fleetTasks(SIMS)), '--json']);
    const out = json(res.stdout);
    expect(out.errors).toEqual([]);
    expect(new Set(out.results.map((r) => r.details.fleet.service))).toEqual(new Set(['ninedata', 'udts', 'drs', 'starrocks']));
  });

  it('scenarios/fleet.yaml names tasks of the default scenario: every entry answers', async () => {
    sim = await startVirtualSim();
    const file = fileURLToPath(new URL('../../scenarios/fleet.yaml', import.meta.url));
    const res = await runVirtual(sim, ['fleet', '--tasks', file, '--json']);
    const out = json(res.stdout);
    expect(out.errors).toEqual([]);
    expect(out.results).toHaveLength(9);
  });

  it('--watch streams change events for the fleet (NDJSON off a terminal)', async () => {
    sim = await startVirtualSim();
    const tasks = [{ service: 'ninedata', id: 'rp-cutover00001' }, { service: 'drs', id: DRS_JOBS.syncing }];
    const res = await runVirtual(sim, ['fleet', '--tasks', taskFile(tasks), '--watch', '--interval', '1s', '--timeout', '10s']);
    expect(res.code, res.stderr).toBe(0);
    const events = res.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(events.filter((e) => e.id === DRS_JOBS.syncing)).toHaveLength(1);
    const phases = events.filter((e) => e.id === 'rp-cutover00001').map((e) => e.phase);
    expect([phases[0], phases.at(-1)]).toEqual(['pending', 'syncing']);
    expect(phases).toContain('running');
  });

  it('-o junit and -o github report the fleet for CI: the failed task a failure, an error an error', async () => {
    sim = await startVirtualSim();
    const file = taskFile([...MIXED.slice(0, 3), { service: 'udts', id: 'udts-nosuch01', name: 'ghost' }]);
    const junit = await runVirtual(sim, ['fleet', '--tasks', file, '-o', 'junit']);
    expect(junit.code).toBe(4);
    expect(junit.stdout).toMatch(/<testsuites name="syncstat fleet" tests="4" failures="1" errors="1">/);
    expect(junit.stdout).toMatch(/<testcase classname="syncstat.fleet.udts" name="archive">\n\s+<failure message="archive failed \(Failed\)"/);
    expect(junit.stdout).toMatch(/<testcase classname="syncstat.fleet.udts" name="ghost">\n\s+<error /);
    const github = await runVirtual(sim, ['fleet', '--tasks', file, '-o', 'github']);
    expect(github.code).toBe(4);
    expect(github.stdout).toMatch(/^::error title=udts archive::failed \(Failed\)/m);
    expect(github.stdout).toMatch(/^::error title=udts ghost::/m);
    expect(github.stdout).toMatch(/^ninedata orders: syncing \(running; /m);
    expect(github.stdout.trimEnd().split('\n').at(-1)).toBe('4 tasks: 2 syncing, 1 failed, 1 error');
  });
});
