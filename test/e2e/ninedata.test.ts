import { spawn } from 'node:child_process';
import { DEFAULT_SCENARIO, DEMO_CREDENTIALS } from '../sims.js';
import { chmodSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertValidOutput } from '../schema.js';
import { expectUsageError, isolatedDir, parseJson, runBin, startSim } from '../helpers.js';

const SECRET = DEMO_CREDENTIALS.ninedata.accessKeySecret;
let sim: Awaited<ReturnType<typeof startSim>>;

beforeAll(async () => {
  sim = await startSim();
});
afterAll(() => sim.close());

describe('syncstat status', () => {
  it('prints normalized JSON rows in the order given when stdout is not a terminal', async () => {
    const ids = ['rp-fullload0001', 'rp-div0t0awwobr', 'rp-done00000001'];
    const res = await runBin(['status', ...ids], { env: sim.env });
    expect(res.code).toBe(0);
    const out = parseJson(res.stdout);
    assertValidOutput(out);
    expect(out.results.map((r) => r.id)).toEqual(ids);
    expect(out.results[1]).toMatchObject({ provider: 'ninedata', kind: 'replication', phase: 'syncing', status: 'running', lagMs: 672, stage: 'inc_writer', progress: null });
    expect(out.results[0]).toMatchObject({ phase: 'running', progress: 63.5, stage: 'full' });
    expect(out.results[1].details.subtasks).toHaveLength(3);
    expect(res.stderr).toBe('');
  });

  it('prints a table with -o table, subtasks with --wide, and no colour off a terminal', async () => {
    const res = await runBin(['status', 'rp-div0t0awwobr', 'rp-failed000001', '-o', 'table', '--wide'], { env: sim.env });
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(/^ID\s+PHASE\s+STATUS\s+STAGE\s+PROGRESS\s+LAG/);
    expect(res.stdout).toMatch(/rp-div0t0awwobr\s+syncing\s+running\s+inc_writer\s+-\s+672ms/);
    expect(res.stdout).toMatch(/└ full\s+success\s+100%/);
    // A running incremental subtask has a lag, not a percentage (the API says 0).
    expect(res.stdout).toMatch(/└ inc_writer\s+running\s+-\s+672ms/);
    expect(res.stdout).not.toMatch(/\x1b\[/);
  });

  it('colours the phase with FORCE_COLOR, and --no-color wins over it', async () => {
    const coloured = await runBin(['status', 'rp-failed000001', '-o', 'table'], { env: { ...sim.env, FORCE_COLOR: '1' } });
    expect(coloured.stdout).toContain('\x1b[31mfailed\x1b[39m');
    const plain = await runBin(['status', 'rp-failed000001', '-o', 'table', '--no-color'], { env: { ...sim.env, FORCE_COLOR: '1' } });
    expect(plain.stdout).not.toMatch(/\x1b\[/);
  });

  it('honours NO_COLOR on a real terminal', async () => {
    // `script` gives the binary a pseudo-terminal, so colour would otherwise be on.
    const cmd = `node ${JSON.stringify(join(process.cwd(), 'bin/syncstat.cjs'))} status rp-failed000001`;
    const run = (extra: Record<string, string>) =>
      new Promise<string>((resolve) => {
        const child = spawn('script', ['-qec', cmd, '/dev/null'], { env: { ...process.env, ...sim.env, ...extra, FORCE_COLOR: '' } });
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.on('close', () => resolve(out));
      });
    expect(await run({})).toContain('\x1b[31mfailed');
    const noColour = await run({ NO_COLOR: '1' });
    expect(noColour).toContain('failed');
    expect(noColour).not.toMatch(/\x1b\[3\dm/);
  });

  it('maps phases of the whole default scenario and exits 1 when one failed', async () => {
    const ids = Object.keys(DEFAULT_SCENARIO.ninedata!.replications!).filter((id) => id !== 'rp-cutover00001');
    const res = await runBin(['status', ...ids, '--json'], { env: sim.env });
    expect(res.code).toBe(1);
    const phases = Object.fromEntries(parseJson(res.stdout).results.map((r) => [r.id, r.phase]));
    expect(phases).toMatchObject({ 'rp-pend0ing0001': 'pending', 'rp-fullload0001': 'running', 'rp-div0t0awwobr': 'syncing', 'rp-done00000001': 'succeeded', 'rp-suspended001': 'paused', 'rp-failed000001': 'failed', 'rp-abnormal0001': 'failed' });
  });

  it('reports an unknown id with the service message and request id (exit 4) without hiding the others', async () => {
    const res = await runBin(['status', 'rp-div0t0awwobr', 'rp-doesnotexist'], { env: sim.env });
    expect(res.code).toBe(4);
    const out = parseJson(res.stdout);
    assertValidOutput(out);
    expect(out.results.map((r) => r.id)).toEqual(['rp-div0t0awwobr']);
    expect(out.errors[0]).toMatchObject({ id: 'rp-doesnotexist', provider: 'ninedata', message: 'replication rp-doesnotexist not found' });
    expect(out.errors[0].requestId).toMatch(/\S+/);
    expect(res.stderr).toContain(`error: rp-doesnotexist: replication rp-doesnotexist not found (requestId ${out.errors[0].requestId})`);
  });

  it('prints the vendor body untouched with --raw', async () => {
    const res = await runBin(['status', 'rp-div0t0awwobr', '--raw'], { env: sim.env });
    const body = JSON.parse(res.stdout);
    expect(body).toMatchObject({ success: true, data: { replicationId: 'rp-div0t0awwobr', currentSubTaskType: 'inc_writer' } });
  });

  it('reports an unknown status value as phase unknown, never a crash', async () => {
    const odd = await startSim({ ...DEFAULT_SCENARIO, ninedata: { replications: { 'rp-oddstatus001': { status: 'hibernating', stage: 'full' } } } });
    try {
      const res = await runBin(['status', 'rp-oddstatus001'], { env: odd.env });
      expect(res.code).toBe(0);
      expect(parseJson(res.stdout).results[0]).toMatchObject({ phase: 'unknown', status: 'hibernating' });
    } finally {
      await odd.close();
    }
  });
});

describe('syncstat precheck', () => {
  it('fails (exit 1) on a failed precheck, failures first in the table', async () => {
    const res = await runBin(['precheck', 'rp-div0qqpbffio', '-o', 'table'], { env: sim.env });
    expect(res.code).toBe(1);
    const lines = res.stdout.split('\n');
    expect(lines.findIndex((l) => l.includes('failure'))).toBeLessThan(lines.findIndex((l) => l.includes('Cyclic replication check')));
    expect(res.stdout).toContain('Connection timed out');
    expect(res.stdout).toContain('precheck FAILED');
  });

  it('passes a warning unless --fail-on warning', async () => {
    const pass = await runBin(['precheck', 'rp-precheckwarn'], { env: sim.env });
    expect(pass.code).toBe(0);
    const out = parseJson(pass.stdout);
    assertValidOutput(out);
    expect(out.results[0]).toMatchObject({ kind: 'precheck', status: 'warning', details: { precheckStatus: 'warning' } });
    expect(out.results[0].details.items[0]).toMatchObject({ status: 'warning' });
    expect((await runBin(['precheck', 'rp-precheckwarn', '--fail-on', 'warning'], { env: sim.env })).code).toBe(1);
    expect((await runBin(['precheck', 'rp-precheckok01'], { env: sim.env })).code).toBe(0);
  });
});

describe('bad input (exit 2, before any request)', () => {
  it.each([
    [['status'], /no replication id given/],
    [['status', ''], /malformed replication id: ""/],
    [['status', 'rp-div0t0awwobr', 'rp-div0t0awwobr'], /duplicate replication id: rp-div0t0awwobr/],
    [['status', 'rp-div0 t0awwobr'], /malformed replication id/],
    [['status', 'rp-x?y=1'], /malformed replication id/],
    [['status', 'rp-div0t0awwobr', '--bogus'], /unknown option '--bogus'/],
    [['status', 'rp-div0t0awwobr', '--jsn'], /^syncstat: error: unknown option '--jsn' \(Did you mean --json\?\)\. See: syncstat status --help$/],
    [['statu', 'rp-div0t0awwobr'], /^syncstat: error: unknown command 'statu' \(Did you mean status\?\)\. See: syncstat --help$/],
    [['status', 'rp-div0t0awwobr', '--timeout', 'soon'], /invalid --timeout "soon"/],
    [['status', 'rp-div0t0awwobr', '--request-timeout', '0s'], /^syncstat: error: --request-timeout must be more than 0\. Use a duration/],
    [['status', 'rp-div0t0awwobr', '--retries', '11'], /^syncstat: error: --retries must be from 0 to 10\. Use a whole number from 0 to 10$/],
    [['status', 'rp-div0t0awwobr', '-o', 'xml'], /argument 'xml' is invalid/],
    [['precheck', 'rp-div0t0awwobr', '--fail-on', 'never'], /argument 'never' is invalid/],
    [['nosuchcommand'], /unknown command 'nosuchcommand'/],
  ])('%j', async (args, message) => expectUsageError(sim, args as string[], message));
});

describe('credentials (exit 3)', () => {
  it('--endpoint notaurl is a usage error (exit 2); a bad NINEDATA_ENDPOINT is exit 3 naming it', async () => {
    await expectUsageError(sim, ['status', 'rp-div0t0awwobr', '--endpoint', 'notaurl'], /invalid NineData endpoint "notaurl" \(not a URL\) in --endpoint/);
    const res = await runBin(['status', 'rp-div0t0awwobr'], { env: { ...sim.env, NINEDATA_ENDPOINT: 'https://user:pw-secret@console.example' } });
    expect(res.code).toBe(3);
    expect(res.stderr).toContain('from env NINEDATA_ENDPOINT');
    expect(res.stderr).not.toContain('pw-secret');
  });

  it('names the env vars and config keys when credentials are missing', async () => {
    const res = await runBin(['status', 'rp-div0t0awwobr'], { env: { NINEDATA_ENDPOINT: sim.urls.ninedata } });
    expect(res.code).toBe(3);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toContain('NINEDATA_ACCESS_KEY_ID and NINEDATA_ACCESS_KEY_SECRET');
    expect(res.stderr).toContain('profiles.default.ninedata.accessKeyId');
  });

  it('does not retry a rejected signature, and stops sending once rejected', async () => {
    const before = sim.requests.length;
    const res = await runBin(['status', 'rp-div0t0awwobr', 'rp-fullload0001', '--concurrency', '1'], { env: { ...sim.env, NINEDATA_ACCESS_KEY_SECRET: 'wrong-secret-value' } });
    expect(res.code).toBe(3);
    expect(sim.requests.length - before).toBe(1);
    expect(res.stderr).toContain('NineData rejected the credentials: signature verification failed');
    expect(res.stderr).not.toContain('wrong-secret-value');
  });

  it('reads credentials from a config profile with ${ENV} references; flags beat env beat file', async () => {
    const { dir } = isolatedDir();
    const file = join(dir, '.statusrc.json');
    writeFileSync(file, JSON.stringify({ profiles: { staging: { ninedata: { endpoint: 'http://127.0.0.1:1', accessKeyId: DEMO_CREDENTIALS.ninedata.accessKeyId, accessKeySecret: '${ND_SECRET}' } } } }));
    chmodSync(file, 0o600);
    const viaFile = await runBin(['status', 'rp-div0t0awwobr', '--profile', 'staging', '--endpoint', sim.urls.ninedata], { env: { ND_SECRET: SECRET }, cwd: dir });
    expect(viaFile.code).toBe(0);
    expect(viaFile.stderr).toBe('');
    const envWins = await runBin(['status', 'rp-div0t0awwobr'], { env: { ND_SECRET: SECRET, SYNCSTAT_PROFILE: 'staging', NINEDATA_ENDPOINT: sim.urls.ninedata }, cwd: dir });
    expect(envWins.code).toBe(0);
    const unknownProfile = await runBin(['status', 'rp-div0t0awwobr', '--profile', 'prod'], { env: { ND_SECRET: SECRET }, cwd: dir });
    expect(unknownProfile.code).toBe(3);
    expect(unknownProfile.stderr).toContain('profile "prod" is not in');
  });

  // JS and TS config files load through import(), which the code-cached bundle cannot run itself: each
  // format twice, so the second run comes from the code cache the first one wrote.
  it.each([
    ['.statusrc.yaml', (c: string) => `profiles:\n  default:\n    ninedata: ${c}\n`],
    ['.statusrc.mjs', (c: string) => `export default { profiles: { default: { ninedata: ${c} } } };`],
    ['.statusrc.cjs', (c: string) => `module.exports = { profiles: { default: { ninedata: ${c} } } };`],
    ['.statusrc.js', (c: string) => `export default { profiles: { default: { ninedata: ${c} } } };`, { type: 'module' }],
    ['.statusrc.ts', (c: string) => `const config: { profiles: object } = { profiles: { default: { ninedata: ${c} } } };\nexport default config;`],
  ])('reads %s, also on a run from the code cache', async (name, body, pkg?: object) => {
    const { dir } = isolatedDir();
    const section = JSON.stringify({ endpoint: sim.urls.ninedata, accessKeyId: DEMO_CREDENTIALS.ninedata.accessKeyId, accessKeySecret: '${ND_SECRET}' });
    writeFileSync(join(dir, name), body(section), { mode: 0o600 });
    if (pkg) writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg));
    const env = { ND_SECRET: SECRET, HOME: dir, XDG_CACHE_HOME: join(dir, 'cache'), NODE_PATH: undefined };
    for (const run of [1, 2]) {
      const res = await runBin(['status', 'rp-div0t0awwobr', '--json'], { env, cwd: dir });
      expect(res.stderr, `run ${run}`).toBe('');
      expect(res.code, `run ${run}`).toBe(0);
      expect(JSON.parse(res.stdout).results[0].phase).toBe('syncing');
    }
  });

  it('says which config file is broken and why, in one line', async () => {
    const { dir } = isolatedDir();
    writeFileSync(join(dir, '.statusrc.yaml'), 'profiles: [\n');
    const res = await runBin(['status', 'rp-div0t0awwobr'], { env: sim.env, cwd: dir });
    expect(res.code).toBe(3);
    expect(res.stderr).toMatch(/^syncstat: error: cannot read config file \S+\.statusrc\.yaml: unexpected end of the stream within a flow collection \(2:1\)\. Fix the file/);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('warns when a config file holding a secret is readable by others', async () => {
    const { dir } = isolatedDir();
    const file = join(dir, 'open.json');
    writeFileSync(file, JSON.stringify({ profiles: { default: { ninedata: { endpoint: sim.urls.ninedata, accessKeyId: DEMO_CREDENTIALS.ninedata.accessKeyId, accessKeySecret: SECRET } } } }));
    chmodSync(file, 0o644);
    const res = await runBin(['status', 'rp-div0t0awwobr', '--config', file], {});
    expect(res.code).toBe(0);
    expect(res.stderr).toContain('readable by other users; run: chmod 600');
    expect(res.stderr + res.stdout).not.toContain(SECRET);
  });
});

describe('network and protocol failures (exit 5)', () => {
  async function freePort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as { port: number };
    await new Promise((r) => server.close(r));
    return port;
  }

  it('names a refused connection instead of "fetch failed"', async () => {
    const port = await freePort();
    const res = await runBin(['status', 'rp-div0t0awwobr', '--retries', '0'], { env: { ...sim.env, NINEDATA_ENDPOINT: `http://127.0.0.1:${port}` } });
    expect(res.code).toBe(5);
    expect(res.stderr).toContain(`connection refused by 127.0.0.1:${port}`);
    expect(res.stderr).not.toContain('fetch failed');
  });

  it('names a DNS failure', async () => {
    const res = await runBin(['status', 'rp-div0t0awwobr', '--retries', '0'], { env: { ...sim.env, NINEDATA_ENDPOINT: 'http://no-such-host.invalid' } });
    expect(res.code).toBe(5);
    expect(res.stderr).toContain('cannot resolve host no-such-host.invalid');
  });

  it.each([
    ['a slow server', { type: 'latency', ms: 3000 }, ['--request-timeout', '300ms'], /no complete response from 127\.0\.0\.1:\d+ within 300ms.*\(gave up after 2 attempts\)/],
    ['a 5xx that persists', { type: 'status', status: 503 }, [], /answered HTTP 503/],
    ['an HTML error page', { type: 'html' }, [], /with an HTML (error )?page/],
    ['a truncated body', { type: 'truncated' }, [], /malformed or truncated JSON/],
  ])('%s', async (_name, fault, extra, message) => {
    const faulty = await startSim({ ...DEFAULT_SCENARIO, faults: [{ service: 'ninedata', ...(fault as object) } as never] });
    try {
      const res = await runBin(['status', 'rp-div0t0awwobr', '--retries', '1', ...(extra as string[])], { env: faulty.env });
      expect(res.code).toBe(5);
      expect(res.stderr).toMatch(message);
      expect(faulty.requests.length).toBe(2); // the first try and one retry
    } finally {
      await faulty.close();
    }
  });
});

describe('retries against the simulator', () => {
  it('retries 429 honouring Retry-After, then succeeds', async () => {
    const faulty = await startSim({ ...DEFAULT_SCENARIO, faults: [{ service: 'ninedata', type: 'throttle', retryAfter: 1, times: 2 }] });
    try {
      const started = Date.now();
      const res = await runBin(['status', 'rp-div0t0awwobr', '--debug'], { env: faulty.env });
      expect(res.code).toBe(0);
      expect(faulty.requests.length).toBe(3);
      expect(Date.now() - started).toBeGreaterThanOrEqual(2000); // two Retry-After: 1 waits
      expect(res.stderr).toMatch(/retry \(throttled\) in 1s after: 127\.0\.0\.1:\d+ is throttling requests \(HTTP 429\)/);
    } finally {
      await faulty.close();
    }
  });

  it('retries a burst of 5xx, then succeeds', async () => {
    const faulty = await startSim({ ...DEFAULT_SCENARIO, faults: [{ service: 'ninedata', type: 'status', status: 502, times: 2 }] });
    try {
      const res = await runBin(['status', 'rp-div0t0awwobr'], { env: faulty.env });
      expect(res.code).toBe(0);
      expect(faulty.requests.map((r) => r.status)).toEqual([502, 502, 200]);
    } finally {
      await faulty.close();
    }
  });
});

describe('secrets', () => {
  it('never prints the secret or the signature, even with --debug', async () => {
    const before = sim.requests.length;
    const res = await runBin(['status', 'rp-div0t0awwobr', 'rp-doesnotexist', '--debug', '-o', 'table'], { env: sim.env });
    const signatures = sim.requests.slice(before).map((r) => String(r.headers.signature));
    expect(res.stderr).toContain('[debug] → GET');
    expect(res.stderr).toContain('signature: ***');
    for (const text of [res.stdout, res.stderr]) {
      expect(text).not.toContain(SECRET);
      for (const sig of signatures) expect(text).not.toContain(sig);
    }
  });
});

describe('help and version', () => {
  it('prints the version and help with examples and exit codes', async () => {
    const version = await runBin(['--version']);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    for (const cmd of ['status', 'precheck']) {
      const help = await runBin([cmd, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('Examples:');
      expect(help.stdout).toContain('Exit codes:');
    }
  });
});
