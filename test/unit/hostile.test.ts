import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { checkScenario } from '../../src/sim/scenario-check.js';
import type { Scenario } from '../../src/sim/types.js';
import { SIMS } from '../sims.js';
import { UNSAFE_CHAR } from '../../src/render/safe-text.js';
import { runVirtual, startVirtualSim, type VirtualSim } from '../inproc.js';

// The simulator in hostile mode (scenarios/hostile.json): statuses, stages, messages, check items and
// ids in answers full of escape sequences, OSC 8 links, CR, NUL, C1, U+202E, U+2028 and newlines
// followed by ::error:: / ::add-mask::. Text from a service is data, never terminal control.

const HOSTILE: Scenario = checkScenario(JSON.parse(readFileSync(new URL('../../scenarios/hostile.json', import.meta.url), 'utf8')), SIMS);
const H = (HOSTILE.ninedata!.replications!['rp-hostile00001'].status as string).slice('running'.length);
const INSTANCE = 'h0571le0h0571le0h0571le0h0571le0in17';
const JOB_FAILED = 'h0571le0-0000-4bb5-a6bc-1040402fjb21';
const JOB_ODD = 'h0571le0-0001-4bb5-a6bc-1040402fjb21';

let sim: VirtualSim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function hostile(extra: Partial<Scenario> = {}): Promise<VirtualSim> {
  sim = await startVirtualSim({ ...HOSTILE, ...extra });
  return sim;
}

/** Every line is one line of safe text (the colour we add aside) and none starts a workflow command. */
function expectSafe(text: string, what: string, { commands = false, tabs = false } = {}): void {
  for (const line of text.replace(/\n$/, '').split('\n')) {
    const plain = line.replace(/\x1b\[[0-9;]*m/g, '').replace(/^\r\x1b\[K/, '').replace(tabs ? /\t/g : /^$/, '');
    expect(plain, `${what}: ${JSON.stringify(line)}`).not.toMatch(UNSAFE_CHAR);
    if (!commands) expect(plain, what).not.toMatch(/^::/);
  }
}

/** JSON keeps the text exactly, but its bytes carry no C0, C1, LS/PS or bidi character. */
function expectSafeJson(text: string): void {
  expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f]/);
}

describe('hostile text from a service', () => {
  it('the scenario checker accepts the hostile scenario', () => {
    expect(H).toContain('\x1b]8;;');
    expect(H).toContain('\n::add-mask::');
  });

  it.each([['table'], ['wide'], ['tsv']])('status -o %s: every hostile field shown as visible escapes, one line per row', async (format) => {
    const s = await hostile();
    // --wide is short for -o wide: the tables take it (every cell in full), TSV has its own columns.
    const res = await runVirtual(s, ['status', 'rp-hostile00001', 'rp-hostile00002', ...(format === 'tsv' ? [] : ['--wide']), '-o', format]);
    expectSafe(res.stdout, 'stdout', { tabs: format === 'tsv' });
    expectSafe(res.stderr, 'stderr');
    expect(res.stdout).toContain('\\x1b[2J\\x1b[31mFAKE\\x1b]0;pwned title\\x07');
    expect(res.stdout).toContain('⏎::error::forged error⏎::add-mask::running');
    expect(res.stdout).toContain('\\u202eevil\\u2028x');
    if (format === 'tsv') for (const line of res.stdout.trimEnd().split('\n')) expect(line.split('\t')).toHaveLength(10);
    // The unknown status is named on stderr, as a visible escape too.
    expect(res.stderr).toMatch(/^warning: rp-hostile00001: unknown ninedata replication status "running\\u001b\[2J/m);
  });

  it.each([['table'], ['wide'], ['tsv']])('status --query / --columns -o %s: the shaped text is as safe (keys from a service included)', async (format) => {
    const s = await hostile();
    const ids = ['rp-hostile00001', 'rp-hostile00002'];
    for (const shaping of [['--query', 'results[].{id: id, status: status, stage: stage, message: message}'], ['--query', 'results[].details'], ['--query', 'results[].[status, message]'], ['--query', 'results[].status'], ['--columns', 'status,stage,message,details']]) {
      const res = await runVirtual(s, ['status', ...ids, ...shaping, '-o', format]);
      expectSafe(res.stdout, `stdout ${shaping.join(' ')}`, { tabs: format === 'tsv' });
      // Text as visible escapes (details come as JSON, whose own escapes are kept).
      if (!shaping[1].includes('details')) expect(res.stdout).toContain('\\x1b[2J\\x1b[31mFAKE');
    }
  });

  it('status -o yaml (and --query -o yaml) keeps the exact text, escaped: no control, bidi or separator reaches the terminal', async () => {
    const s = await hostile();
    const { load } = await import('js-yaml');
    for (const extra of [[], ['--query', 'results[0].{status: status, stage: stage}']]) {
      const res = await runVirtual(s, ['status', 'rp-hostile00001', '-o', 'yaml', ...extra]);
      expectSafe(res.stdout, 'yaml', { commands: true });
      const doc = load(res.stdout) as { results?: Array<{ status: string }>; status?: string };
      expect(doc.results?.[0].status ?? doc.status).toBe('running' + H);
    }
  });

  it.each([['json'], ['ndjson']])('status -o %s keeps the exact text, escaped', async (format) => {
    const s = await hostile();
    const res = await runVirtual(s, ['status', 'rp-hostile00001', '-o', format]);
    expectSafeJson(res.stdout);
    const row = format === 'json' ? JSON.parse(res.stdout).results[0] : JSON.parse(res.stdout.trim());
    expect(row.status).toBe('running' + H);
    expect(row.stage).toBe('full' + H);
  });

  it('stderr error lines and wait summaries: one safe line each', async () => {
    const s = await hostile();
    const failed = await runVirtual(s, ['udts', 'udts-hostile1', 'udts-hostile2', '-o', 'json']);
    expect(failed.code).toBe(1);
    expectSafe(failed.stderr, 'stderr');
    expect(failed.stderr).toMatch(/^error: udts-hostile2 failed \(Failed: boom\\x1b\[2J/m);
    const waited = await runVirtual(s, ['udts', 'udts-hostile1', '--until', 'succeeded', '--timeout', '1m', '--interval', '10s', '--heartbeat', '20s', '-o', 'json']);
    expect(waited.code).toBe(6);
    expectSafe(waited.stderr, 'stderr');
    expect(waited.stderr).toMatch(/^\[heartbeat\] .*Dumping\\x1b\[2J/m);
    expect(waited.stderr).toMatch(/^error: timed out after 1m00s waiting for .*Dumping\\x1b\[2J.*⏎::error::forged error⏎::add-mask::running/m);
    const live = await runVirtual(s, ['udts', 'udts-hostile1', '--until', 'succeeded', '--timeout', '30s', '-o', 'json'], { stderrIsTTY: true, columns: 80 });
    for (const frame of live.stderr.split('\r\x1b[K')) expectSafe(frame, 'live line');
  });

  it('ids in answers (StarRocks task names) and DRS error messages are neutralized', async () => {
    const s = await hostile();
    const sr = await runVirtual(s, ['starrocks', INSTANCE, '-o', 'table']);
    expectSafe(sr.stdout, 'stdout');
    expectSafe(sr.stderr, 'stderr');
    expect(sr.stdout).toMatch(/^task\\x1b\[2J/m);
    const drs = await runVirtual(s, ['batch', JOB_FAILED, JOB_ODD, '-o', 'table']);
    expectSafe(drs.stdout, 'stdout');
    expectSafe(drs.stderr, 'stderr');
    expect(drs.stderr).toContain('job failed\\x1b[2J');
  });

  it('precheck -o github: server text never starts a line, on stdout or stderr', async () => {
    const s = await hostile();
    const res = await runVirtual(s, ['precheck', 'rp-hostile00001', '-o', 'github']);
    expect(res.code).toBe(1);
    expectSafe(res.stdout, 'stdout', { commands: true });
    expectSafe(res.stderr, 'stderr');
    const lines = res.stdout.trimEnd().split('\n');
    for (const line of lines) expect(line).toMatch(/^(::error title=Precheck rp-hostile00001%3A |::warning title=Precheck rp-hostile00001%3A |precheck rp-hostile00001: )/);
    expect(res.stdout).not.toMatch(/^::add-mask::/m);
    expect(res.stdout).toContain('keep%0D%0A::add-mask::binlog');
  });

  it('precheck -o junit and -o table: no raw control character', async () => {
    const s = await hostile();
    const junit = await runVirtual(s, ['precheck', 'rp-hostile00001', '-o', 'junit']);
    expect(junit.stdout).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2028\u2029]/);
    expect(junit.stdout).toContain('&#x202e;evil&#x2028;x');
    const table = await runVirtual(s, ['precheck', 'rp-hostile00001', '-o', 'table']);
    expectSafe(table.stdout, 'stdout');
  });

  it('100 KB and 1 MB statuses and messages: the table is cut and bounded; JSON and -o wide keep them', async () => {
    const big = (n: number) => 'Dumping ' + 'x'.repeat(n);
    const s = await hostile({ ucloud: { tasks: { 'udts-big1': { Status: big(100_000), FailedMessage: '漢'.repeat(100_000) }, 'udts-big2': { Status: big(1 << 20), FailedMessage: 'line\n'.repeat(200_000) } } } });
    const table = await runVirtual(s, ['udts', 'udts-big1', 'udts-big2', '-o', 'table']);
    expect(table.stdout.length).toBeLessThan(2000);
    expect(table.stdout).toContain('…');
    expect(table.stderr.length).toBeLessThan(20_000);
    const onTerminal = await runVirtual(s, ['udts', 'udts-big1', 'udts-big2'], { stdoutIsTTY: true, columns: 100 });
    for (const line of onTerminal.stdout.trimEnd().split('\n')) expect(line.replace(/\x1b\[[0-9;]*m/g, '').length).toBeLessThanOrEqual(100);
    const json = await runVirtual(s, ['udts', 'udts-big1', 'udts-big2', '-o', 'json']);
    expect(JSON.parse(json.stdout).results[1].status).toBe(big(1 << 20));
    const wide = await runVirtual(s, ['udts', 'udts-big2', '-o', 'wide']);
    expect(wide.stdout).toContain(big(1 << 20));
  });

  it('a live --watch table fits the terminal: the header stays, the rest is "… N more"', async () => {
    const s = await hostile({ huawei: { instances: { [INSTANCE]: { generate: 120 } } } });
    const res = await runVirtual(s, ['starrocks', INSTANCE, '--watch', '--timeout', '25s', '--interval', '10s'], { stdoutIsTTY: true, columns: 100, rows: 20 });
    const frames = res.stdout.split('\x1b[H\x1b[2J').filter(Boolean);
    expect(frames.length).toBeGreaterThan(1);
    for (const frame of frames) {
      const lines = frame.trimEnd().split('\n');
      expect(lines.length).toBeLessThanOrEqual(19);
      expect(lines[0].replace(/\x1b\[[0-9;]*m/g, '')).toMatch(/^ID\s+PHASE/);
      expect(lines.at(-1)!.replace(/\x1b\[[0-9;]*m/g, '')).toMatch(/^… 103 more \(\d+ syncing, \d+ running\)$/);
    }
  });
});

describe('secrets never alter data', () => {
  it('a secret equal to a common word ("running", "inc_writer") leaves statuses, phases and stages alone', async () => {
    for (const secret of ['running', 'inc_writer']) {
      sim = await startVirtualSim({ credentials: { ninedata: { accessKeyId: 'demo-ak', accessKeySecret: secret } } });
      const env = { NINEDATA_ACCESS_KEY_ID: 'demo-ak', NINEDATA_ACCESS_KEY_SECRET: secret };
      const table = await runVirtual(sim, ['status', 'rp-div0t0awwobr', 'rp-fullload0001', '-o', 'table'], { env });
      expect(table.code, table.stderr).toBe(0);
      expect(table.stdout).toMatch(/^rp-div0t0awwobr\s+syncing\s+running\s+inc_writer\s/m);
      expect(table.stdout).not.toContain('***');
      const json = await runVirtual(sim, ['status', 'rp-div0t0awwobr', '--json'], { env });
      expect(JSON.parse(json.stdout).results[0]).toMatchObject({ status: 'running', stage: 'inc_writer', phase: 'syncing' });
      await sim.close();
      sim = undefined;
    }
  });

  it('an IAM error echoing a password (with a quote) does not leak it, raw, JSON-escaped or URL-encoded', async () => {
    const password = 'pa"ss\\w0rd/é 1';
    const forms = [password, JSON.stringify(password).slice(1, -1), encodeURIComponent(password)];
    const iam = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        res.writeHead(401, { 'content-type': 'application/json', 'x-request-id': 'req-iam-1' });
        // A careless service: the message quotes the request body (the password JSON-escaped) and the password itself.
        res.end(JSON.stringify({ error: { code: 401, title: 'Unauthorized', message: `bad credentials ${password} in ${body} (${encodeURIComponent(password)})` } }));
      });
    });
    await new Promise<void>((r) => iam.listen(0, '127.0.0.1', () => r()));
    try {
      const s = await hostile();
      const env = {
        HUAWEICLOUD_SDK_IAM_ENDPOINT: `http://127.0.0.1:${(iam.address() as { port: number }).port}`,
        HUAWEICLOUD_SDK_USERNAME: 'demo-user',
        HUAWEICLOUD_SDK_PASSWORD: password,
        HUAWEICLOUD_SDK_DOMAIN_NAME: 'demo-domain',
      };
      for (const format of ['json', 'table', 'ndjson']) {
        const res = await runVirtual(s, ['batch', JOB_ODD, '--auth', 'password', '--retries', '0', '--debug', '-o', format], { env });
        expect(res.code, res.stderr).toBe(3);
        expect(res.stdout + res.stderr).toContain('bad credentials ***');
        for (const form of forms) {
          expect(res.stdout, format).not.toContain(form);
          expect(res.stderr, format).not.toContain(form);
        }
      }
    } finally {
      iam.close();
    }
  });

  it('--debug and syncstat config never show a URL password', async () => {
    const s = await hostile();
    const env = { HTTP_PROXY: 'http://proxyuser:pr0xyPassw0rd@127.0.0.1:1', NO_PROXY: '' };
    const debug = await runVirtual(s, ['status', 'rp-div0t0awwobr', '--debug', '--retries', '0', '--json'], { env });
    expect(debug.stderr).toContain('proxyuser:***@127.0.0.1:1');
    expect(debug.stderr).not.toContain('pr0xyPassw0rd');
    const endpoint = await runVirtual(s, ['status', 'rp-div0t0awwobr', '--debug', '--json'], { env: { NINEDATA_ENDPOINT: 'https://user:s3cr3tPassw0rd@127.0.0.1:1' } });
    expect(endpoint.stderr + endpoint.stdout).not.toContain('s3cr3tPassw0rd');
    for (const format of ['table', 'json']) {
      const config = await runVirtual(s, ['config', '-o', format], { env: { NINEDATA_ENDPOINT: 'https://user:s3cr3tPassw0rd@example.com', HUAWEICLOUD_SDK_IAM_ENDPOINT: 'https://a:an0therPassw0rd@iam.example.com' } });
      expect(config.stdout + config.stderr).not.toMatch(/s3cr3tPassw0rd|an0therPassw0rd/);
      expect(config.stdout).toContain('https://user:***@example.com');
    }
  });
});
