import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { connect, createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runVirtual, startVirtualSim, type RunOptions, type VirtualSim } from '../inproc.js';
import { DEMO_CREDENTIALS } from '../sims.js';
import { startTlsFront, TLS_CERT } from '../helpers.js';
import { assertValidDoctorOutput } from '../schema.js';
import type { Fault } from '../../src/sim/types.js';
import { checkConfigFile } from '../../src/doctor/config.js';
import { secretSettingKeys } from '../../src/providers/index.js';

// `syncstat doctor` in-process against the simulator on a virtual clock: every check's pass and
// fail path, what crossed the wire, the exit code, and that no secret is ever printed.

const sims: VirtualSim[] = [];
const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await Promise.all([...sims.splice(0).map((s) => s.close()), ...closers.splice(0).map((c) => c())]);
});

async function sim(faults: Fault[] = [], credentials?: object): Promise<VirtualSim> {
  const s = await startVirtualSim({ faults, ...(credentials ? { credentials } : {}) });
  sims.push(s);
  return s;
}

interface Line {
  service: string;
  check: string;
  status: 'ok' | 'warn' | 'fail';
  detail: string;
  fix: string | null;
  ms: number | null;
}

async function doctor(s: VirtualSim, args: string[] = [], opts: RunOptions = {}) {
  const res = await runVirtual(s, ['doctor', ...args, '--json'], opts);
  const out = JSON.parse(res.stdout) as { checks: Line[]; skipped: string[] };
  assertValidDoctorOutput(out);
  expectNoSecret(res.stdout + res.stderr);
  const of = (service: string, check: string) => out.checks.filter((c) => c.service === service && c.check === check);
  return { ...res, ...out, of, one: (service: string, check: string) => of(service, check)[0] };
}

const SECRETS = [DEMO_CREDENTIALS.ninedata.accessKeySecret, DEMO_CREDENTIALS.ucloud.privateKey, DEMO_CREDENTIALS.huawei.sk, DEMO_CREDENTIALS.huawei.password, 'wrong-secret-0123456789'];
function expectNoSecret(text: string): void {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

/** Requests a service's simulator saw that carried credentials (a signature, a token or a password). */
const signed = (s: VirtualSim, service: string) =>
  s.requests.filter((r) => r.service === service && (r.headers.signature || r.headers.authorization || r.headers['x-auth-token'] || /Signature=|"password"/.test(r.body)));

/** A port on loopback nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

describe('doctor: every check passes against the simulator', () => {
  it('runs the chain of every configured service in order: exit 0, warnings allowed', async () => {
    const s = await sim();
    const res = await doctor(s);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toBe('');
    for (const service of ['ninedata', 'ucloud', 'huawei']) {
      expect(res.checks.filter((c) => c.service === service).map((c) => c.check)).toEqual(['settings', 'dns', 'tcp', 'tls', 'clock', 'credentials']);
    }
    expect(res.checks.every((c) => c.status === 'ok')).toBe(true);
    expect(res.one('config', 'config-schema').detail).toBe('valid against schema/config.schema.json');
    expect(res.one('ninedata', 'clock').detail).toMatch(/in step .*GET \/openapi\/now.*allows 10m/);
    expect(res.one('ninedata', 'credentials').detail).toMatch(/^GET \/openapi\/v1\/replication\/list\?current=1&pageSize=1 .*accepted/);
    expect(res.one('ucloud', 'credentials').detail).toMatch(/GetUDTSTaskStatus of udts-\w+, a task id that cannot exist.*accepted.*RetCode 230/);
    expect(res.one('huawei', 'settings').detail).toMatch(/^auth mode aksk: .*project 0123456789abcdef0123456789abcdef \(env HUAWEICLOUD_SDK_PROJECT_ID\)/);
    expect(res.one('huawei', 'credentials').detail).toMatch(/v3\/projects\?name=cn-north-4 .*one attempt, no retries: .*5 bad signatures.*AK\/SK is accepted/);
    // One signed request per service, and the NineData one names no task.
    expect(signed(s, 'ninedata').map((r) => r.path)).toEqual(['/openapi/v1/replication/list']);
    expect(signed(s, 'huawei').map((r) => r.path)).toEqual(['/v3/projects']);
  });

  it('prints one line per check: ASCII words off a terminal, ✓ ! ✗ on one (no colour with NO_COLOR)', async () => {
    const s = await sim([{ type: 'clock', service: 'ucloud', skew: 300 }]);
    const plain = await runVirtual(s, ['doctor', 'ucloud']);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/^ok {3}config {2}config-file {9}found .*empty\.json \(--config\)$/m);
    expect(plain.stdout).toMatch(/^warn ucloud {2}clock {15}this machine's clock is 5m00s behind/m);
    expect(plain.stdout).not.toMatch(/[✓✗]|\x1b/);
    expect(plain.stdout.trimEnd().split('\n').at(-1)).toBe('8 passed, 1 warning, 0 failed');
    const tty = await runVirtual(s, ['doctor', 'ucloud'], { stdoutIsTTY: true, env: { NO_COLOR: '1' } });
    expect(tty.stdout).toMatch(/^✓ ucloud +credentials/m);
    expect(tty.stdout).toMatch(/^! ucloud +clock/m);
    expect(tty.stdout).not.toContain('\x1b');
    const coloured = await runVirtual(s, ['doctor', 'ucloud'], { stdoutIsTTY: true, env: { FORCE_COLOR: '1' } });
    expect(coloured.stdout).toContain('\x1b[32m✓\x1b[39m ucloud');
  });

  it('skips a service whose credentials are set nowhere, unless it is named (then that is the failure, exit 3)', async () => {
    const s = await sim();
    const env = { UCLOUD_PUBLIC_KEY: '', UCLOUD_PRIVATE_KEY: '' };
    const all = await doctor(s, [], { env });
    expect(all.code).toBe(0);
    expect(all.skipped).toEqual(['ucloud']);
    expect(all.checks.some((c) => c.service === 'ucloud')).toBe(false);
    const named = await doctor(s, ['udts'], { env });
    expect(named.code).toBe(3);
    expect(named.one('ucloud', 'settings')).toMatchObject({ status: 'fail', detail: 'missing UCloud credentials: publicKey, privateKey' });
    expect(named.stderr).toMatch(/^syncstat: error: ucloud settings: missing UCloud credentials: publicKey, privateKey\. Set UCLOUD_PUBLIC_KEY/);
  });

  it('an unknown service is a usage error (exit 2) with a suggestion, before anything is checked', async () => {
    const s = await sim();
    const res = await runVirtual(s, ['doctor', 'ninedta']);
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.stderr).toMatch(/^syncstat: error: unknown service "ninedta" \(did you mean "ninedata"\?\)/);
    expect(s.requests).toHaveLength(0);
  });
});

describe('doctor: the config file', () => {
  it('an invalid value fails the config-schema check (exit 3) and no service is checked', async () => {
    const s = await sim();
    const res = await doctor(s, [], { config: { retries: 'lots' } });
    expect(res.code).toBe(3);
    expect(res.one('config', 'config-schema')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/invalid value for "retries": "lots"/) });
    expect(res.checks.filter((c) => c.service !== 'config')).toEqual([]);
    expect(s.requests).toHaveLength(0);
    expect(res.stderr).toMatch(/^syncstat: error: config config-schema: .*invalid value for "retries"/);
  });

  it('an unknown key is a warning naming the nearest known key', async () => {
    const s = await sim();
    const res = await doctor(s, ['ninedata'], { config: { profiles: { default: { ninedta: {} } } } });
    expect(res.code).toBe(0);
    expect(res.one('config', 'config-schema')).toMatchObject({ status: 'warn', detail: expect.stringContaining('unknown key "profiles.default.ninedta" (did you mean "ninedata"?)') });
  });

  it('a literal secret in a file others can read is a warning with the chmod fix; 0600 passes', async () => {
    const s = await sim();
    const open = await doctor(s, ['ninedata'], { config: { profiles: { default: { ninedata: { accessKeySecret: DEMO_CREDENTIALS.ninedata.accessKeySecret } } } } });
    expect(open.code).toBe(0);
    const file = open.one('config', 'config-file').detail.replace(/^found (.*) \(--config\)$/, '$1');
    expect(open.one('config', 'config-permissions')).toMatchObject({ status: 'warn', detail: `${file} holds a secret and is readable by other users`, fix: `chmod 600 ${file}` });
    // The same check on a file of mode 0600 (runVirtual writes its config file with the default mode).
    const dir = mkdtempSync(join(tmpdir(), 'syncstat-doctor-'));
    const own = join(dir, '.statusrc.json');
    writeFileSync(own, JSON.stringify({ profiles: { default: { ninedata: { accessKeySecret: 'x'.repeat(12) } } } }));
    const input = { explicitPath: own, cwd: dir, home: dir, env: {}, profile: 'default', secretKeys: secretSettingKeys() };
    chmodSync(own, 0o644);
    expect((await checkConfigFile(input)).checks.find((c) => c.check === 'config-permissions')?.status).toBe('warn');
    chmodSync(own, 0o600);
    expect((await checkConfigFile(input)).checks.find((c) => c.check === 'config-permissions')).toMatchObject({ status: 'ok', detail: 'readable by you only' });
  });

  it('a setting referencing an unset ${NAME} fails that service\'s settings check (exit 3); the others still run', async () => {
    const s = await sim();
    const res = await doctor(s, [], { config: { profiles: { default: { ucloud: { privateKey: '${UC_KEY_NOT_SET}' } } } }, env: { UCLOUD_PRIVATE_KEY: '' } });
    expect(res.code).toBe(3);
    expect(res.one('ucloud', 'settings')).toMatchObject({ status: 'fail', detail: expect.stringContaining('references ${UC_KEY_NOT_SET}, which is not set') });
    expect(res.one('huawei', 'credentials').status).toBe('ok');
  });

  it('a profile that is not in the file fails (exit 3)', async () => {
    const s = await sim();
    const res = await doctor(s, ['--profile', 'prod'], { config: { profiles: { staging: {} } } });
    expect(res.code).toBe(3);
    expect(res.one('config', 'config-profile')).toMatchObject({ status: 'fail', detail: expect.stringContaining('profile "prod" is not in') });
  });
});

describe('doctor: the endpoint', () => {
  it('DNS: an unresolvable host fails (exit 5) and nothing more is tried', async () => {
    const s = await sim();
    const res = await doctor(s, ['ninedata'], { env: { NINEDATA_ENDPOINT: 'https://console.nosuch.invalid' } });
    expect(res.code).toBe(5);
    expect(res.one('ninedata', 'dns')).toMatchObject({ status: 'fail', detail: 'cannot resolve host console.nosuch.invalid (DNS lookup failed)', fix: 'Check the endpoint URL and your DNS' });
    expect(res.checks.at(-1)?.check).toBe('dns');
    expect(res.stderr).toMatch(/^syncstat: error: ninedata dns: cannot resolve host/);
  });

  it('TCP: a refused connection fails (exit 5)', async () => {
    const s = await sim();
    const port = await closedPort();
    const res = await doctor(s, ['ucloud'], { env: { UCLOUD_API_BASE_URL: `http://127.0.0.1:${port}` } });
    expect(res.code).toBe(5);
    expect(res.one('ucloud', 'tcp')).toMatchObject({ status: 'fail', detail: `connection refused by 127.0.0.1:${port}` });
  });

  it('TLS: a self-signed certificate fails (exit 5) with the custom-CA fix; an unreadable NODE_EXTRA_CA_CERTS warns', async () => {
    const s = await sim();
    const front = await startTlsFront(s.urls.ninedata);
    closers.push(() => front.close());
    const res = await doctor(s, ['ninedata'], { env: { NINEDATA_ENDPOINT: front.url } });
    expect(res.code).toBe(5);
    expect(res.one('ninedata', 'tls')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/^TLS verification failed for 127\.0\.0\.1:\d+ \(self-signed certificate\)$/), fix: expect.stringContaining('NODE_EXTRA_CA_CERTS') });
    expect(signed(s, 'ninedata')).toHaveLength(0);
    const missing = await doctor(s, ['ninedata'], { env: { NINEDATA_ENDPOINT: front.url, NODE_EXTRA_CA_CERTS: '/nonexistent/ca.pem' } });
    expect(missing.one('ninedata', 'tls-ca')).toMatchObject({ status: 'warn', detail: expect.stringContaining('cannot be read (ENOENT): Node ignores it') });
    expect(missing.code).toBe(5);
  });

  it('TLS: a certificate signed by NODE_EXTRA_CA_CERTS passes, describing the chain', async () => {
    const s = await sim();
    const front = await startTlsFront(s.urls.ninedata);
    closers.push(() => front.close());
    const res = await runVirtual(s, ['doctor', 'ninedata', '--json'], { env: { NINEDATA_ENDPOINT: front.url, NODE_EXTRA_CA_CERTS: TLS_CERT } });
    const tls = (JSON.parse(res.stdout).checks as Line[]).find((c) => c.check === 'tls');
    expect(tls).toMatchObject({ status: 'ok', detail: expect.stringMatching(/^NineData endpoint: TLSv1\.[23], certificate for .* issued by .*valid until \d{4}-\d\d-\d\d; trusted roots include 1 from NODE_EXTRA_CA_CERTS=/) });
  });
});

describe('doctor: the proxy', () => {
  let proxy: Server;
  async function startProxy(auth: string | null): Promise<string> {
    proxy = createHttpServer((_, res) => res.writeHead(405).end());
    proxy.on('connect', (req, socket, head) => {
      if (auth && req.headers['proxy-authorization'] !== `Basic ${Buffer.from(auth).toString('base64')}`) return void socket.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n');
      const [host, port] = (req.url ?? '').split(':');
      const upstream = connect(Number(port), host, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
    closers.push(async () => {
      proxy.closeAllConnections();
      await new Promise((r) => proxy.close(r));
    });
    return `127.0.0.1:${(proxy.address() as { port: number }).port}`;
  }

  it('says which proxy carries the requests, and tunnels through it', async () => {
    const s = await sim();
    const at = await startProxy('ops:proxy-pass-8c1d');
    const res = await doctor(s, ['ninedata'], { env: { HTTP_PROXY: `http://ops:proxy-pass-8c1d@${at}` } });
    expect(res.code, res.stderr).toBe(0);
    expect(res.one('ninedata', 'proxy').detail).toMatch(new RegExp(`through the proxy http://ops:\\*\\*\\*@${at} \\(HTTP_PROXY\\); NO_PROXY does not cover it`));
    expect(res.one('ninedata', 'tcp').detail).toContain(`connected to the proxy ${at}`);
    expect(res.one('ninedata', 'tunnel')).toMatchObject({ status: 'ok' });
    expect(res.stdout).not.toContain('proxy-pass-8c1d');
  });

  it('a proxy that refuses the tunnel fails (exit 5) with the fix', async () => {
    const s = await sim();
    const at = await startProxy('ops:proxy-pass-8c1d');
    const res = await doctor(s, ['ninedata'], { env: { HTTP_PROXY: `http://${at}` } });
    expect(res.code).toBe(5);
    expect(res.one('ninedata', 'tunnel')).toMatchObject({ status: 'fail', detail: expect.stringContaining('(HTTP 407)'), fix: expect.stringContaining('HTTPS_PROXY=http://user:password@proxy:port') });
  });

  it('a proxy that cannot be resolved or reached fails (exit 5), naming the variable', async () => {
    const s = await sim();
    const port = await closedPort();
    const refused = await doctor(s, ['ninedata'], { env: { HTTP_PROXY: `http://127.0.0.1:${port}` } });
    expect(refused.code).toBe(5);
    expect(refused.one('ninedata', 'tcp')).toMatchObject({ status: 'fail', detail: `connection refused by 127.0.0.1:${port} (the proxy HTTP_PROXY names)`, fix: 'Check HTTPS_PROXY / HTTP_PROXY / NO_PROXY' });
    const unknown = await doctor(s, ['ninedata'], { env: { HTTP_PROXY: 'http://proxy.nosuch.invalid:3128' } });
    expect(unknown.code).toBe(5);
    expect(unknown.one('ninedata', 'dns').detail).toBe('cannot resolve host proxy.nosuch.invalid (DNS lookup failed) (the proxy HTTP_PROXY names)');
  });

  it('NO_PROXY covering the host: reached directly, and says by which entry', async () => {
    const s = await sim();
    const res = await doctor(s, ['ninedata'], { env: { HTTP_PROXY: 'http://proxy.nosuch.invalid:3128', NO_PROXY: 'example.com, 127.0.0.1' } });
    expect(res.code, res.stderr).toBe(0);
    expect(res.one('ninedata', 'proxy').detail).toMatch(/reached directly: NO_PROXY entry "127\.0\.0\.1" covers it/);
  });
});

describe('doctor: the clock', () => {
  it('warns beyond a minute, fails beyond the 10 minutes NineData allows (exit 3) without a signed request', async () => {
    const warnSim = await sim([{ type: 'clock', service: 'ninedata', skew: 120 }]);
    const warned = await doctor(warnSim, ['ninedata']);
    expect(warned.code).toBe(0);
    expect(warned.one('ninedata', 'clock')).toMatchObject({ status: 'warn', detail: expect.stringMatching(/2m00s behind the service's \(GET \/openapi\/now\); requests fail beyond 10m/), fix: expect.stringContaining('NTP') });
    const s = await sim([{ type: 'clock', service: 'ninedata', skew: -20 * 60 }]);
    const res = await doctor(s, ['ninedata']);
    expect(res.code).toBe(3);
    expect(res.one('ninedata', 'clock')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/20m00s ahead of the service's .*beyond the 10m00s/) });
    expect(res.checks.at(-1)?.check).toBe('clock');
    expect(signed(s, 'ninedata')).toHaveLength(0);
    expect(res.stderr).toMatch(/^syncstat: error: ninedata clock: this machine's clock is 20m00s ahead/);
  });

  it("the simulator's skewed clock rejects signed calls as the real services do", async () => {
    const s = await sim([{ type: 'clock', skew: 20 * 60 }]);
    const nd = await runVirtual(s, ['status', 'rp-div0t0awwobr']);
    expect(nd.code).toBe(3);
    expect(nd.stderr).toContain('timestamp expired: more than 10 minutes from server time');
    const hw = await runVirtual(s, ['batch', '9a470239-2308-4bb5-a6bc-1040402fjb21']);
    expect(hw.code).toBe(3);
    expect(hw.stderr).toContain('APIGW.0303');
  });

  it('Huawei AK/SK: a warning within 15 minutes, a failure beyond (APIGW.0303 would follow), no signed request', async () => {
    const near = await sim([{ type: 'clock', service: 'huawei', skew: 5 * 60 }]);
    const warned = await doctor(near, ['huawei']);
    expect(warned.code).toBe(0);
    expect(warned.one('huawei', 'clock')).toMatchObject({ status: 'warn', detail: expect.stringContaining('requests fail beyond 15m00s') });
    expect(warned.one('huawei', 'credentials').status).toBe('ok');
    const far = await sim([{ type: 'clock', service: 'huawei', skew: 16 * 60 }]);
    const res = await doctor(far, ['huawei']);
    expect(res.code).toBe(3);
    expect(res.one('huawei', 'clock')).toMatchObject({ status: 'fail', detail: expect.stringContaining('APIGW.0303') });
    expect(signed(far, 'huawei')).toHaveLength(0);
  });

  it('UCloud signs no time: any skew only warns', async () => {
    const s = await sim([{ type: 'clock', service: 'ucloud', skew: -3600 }]);
    const res = await doctor(s, ['ucloud']);
    expect(res.code).toBe(0);
    expect(res.one('ucloud', 'clock')).toMatchObject({ status: 'warn', detail: expect.stringContaining('1h') });
    expect(res.one('ucloud', 'credentials').status).toBe('ok');
  });
});

describe('doctor: the credentials', () => {
  it('a wrong secret fails (exit 3) for each service, naming the call, never the secret', async () => {
    const s = await sim();
    const nd = await doctor(s, ['ninedata'], { env: { NINEDATA_ACCESS_KEY_SECRET: 'wrong-secret-0123456789' } });
    expect(nd.code).toBe(3);
    expect(nd.one('ninedata', 'credentials')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/^GET \/openapi\/v1\/replication\/list.*: NineData rejected the credentials: signature verification failed/) });
    const uc = await doctor(s, ['ucloud'], { env: { UCLOUD_PRIVATE_KEY: 'wrong-secret-0123456789' } });
    expect(uc.code).toBe(3);
    expect(uc.one('ucloud', 'credentials').detail).toMatch(/RetCode 171/);
    const hw = await doctor(s, ['huawei'], { env: { HUAWEICLOUD_SDK_SK: 'wrong-secret-0123456789' } });
    expect(hw.code).toBe(3);
    expect(hw.one('huawei', 'credentials').detail).toMatch(/APIGW\.0301/);
  });

  it('Huawei AK/SK: exactly one signed request per run, even when it fails in a retryable way', async () => {
    const bad = await sim();
    await doctor(bad, ['huawei'], { env: { HUAWEICLOUD_SDK_SK: 'wrong-secret-0123456789' } });
    expect(signed(bad, 'huawei')).toHaveLength(1);
    const busy = await sim([{ type: 'status', service: 'huawei', path: '/v3/projects', status: 503 }]);
    const res = await doctor(busy, ['huawei', '--debug']);
    expect(res.code).toBe(5);
    expect(signed(busy, 'huawei')).toHaveLength(1);
    expect(res.stderr).not.toContain('retry');
  });

  it("a service's hostile answer cannot reach the terminal raw or forge a line", async () => {
    const s = await sim([{ type: 'malformed', service: 'ninedata', path: '/replication/list', status: 401, body: { success: false, message: '\u001b[31mevil\n::error::forged\u202e' } }]);
    const res = await runVirtual(s, ['doctor', 'ninedata'], { stdoutIsTTY: true, env: { NO_COLOR: '1' } });
    expect(res.code).toBe(3);
    for (const out of [res.stdout, res.stderr]) {
      expect(out).not.toMatch(/[\u001b\u202e]/);
      expect(out).toContain('\\x1b[31mevil⏎::error::forged\\u202e');
      expect(out).not.toMatch(/^::error/m);
    }
  });

  it('UCloud: a project that does not exist is a configuration failure (exit 3)', async () => {
    const s = await sim();
    const res = await doctor(s, ['ucloud'], { env: { UCLOUD_PROJECT_ID: 'org-nosuch' } });
    expect(res.code).toBe(3);
    expect(res.one('ucloud', 'credentials').detail).toMatch(/accepted, but UCloud knows no such project.*RetCode 292/);
  });

  it('Huawei: a project id that is not the region\'s fails (exit 3); without one, IAM names it', async () => {
    const s = await sim();
    const wrong = await doctor(s, ['huawei'], { env: { HUAWEICLOUD_SDK_PROJECT_ID: 'ffffffffffffffffffffffffffffffff' } });
    expect(wrong.code).toBe(3);
    expect(wrong.one('huawei', 'credentials').detail).toMatch(/project ffff.* is not region cn-north-4's \(IAM names 0123456789abcdef0123456789abcdef\)/);
    const looked = await doctor(s, ['huawei'], { env: { HUAWEICLOUD_SDK_PROJECT_ID: '' } });
    expect(looked.code).toBe(0);
    expect(looked.one('huawei', 'settings').detail).toContain('the project of region cn-north-4 (looked up at IAM)');
    expect(looked.one('huawei', 'credentials').detail).toContain("region cn-north-4's project is 0123456789abcdef0123456789abcdef (looked up at IAM)");
  });

  it('Huawei token and password modes: the mode and the call are named; a bad password fails (exit 3)', async () => {
    const s = await sim();
    const creds = DEMO_CREDENTIALS.huawei;
    const password = { HUAWEICLOUD_SDK_AK: '', HUAWEICLOUD_SDK_SK: '', HUAWEICLOUD_SDK_USERNAME: creds.user, HUAWEICLOUD_SDK_PASSWORD: creds.password, HUAWEICLOUD_SDK_DOMAIN_NAME: creds.domain };
    const pw = await doctor(s, ['huawei'], { env: password });
    expect(pw.code, pw.stderr).toBe(0);
    expect(pw.one('huawei', 'settings').detail).toMatch(/^auth mode password/);
    expect(pw.one('huawei', 'credentials').detail).toMatch(/^POST .*\/v3\/auth\/tokens .*token is for project 0123456789abcdef0123456789abcdef/);
    expect(pw.one('huawei', 'clock').detail).not.toContain('allows');
    const badPw = await doctor(s, ['huawei'], { env: { ...password, HUAWEICLOUD_SDK_PASSWORD: 'wrong-secret-0123456789' } });
    expect(badPw.code).toBe(3);
    expect(badPw.one('huawei', 'credentials').detail).toContain('IAM refused the password sign-in');
  });
});
