import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError, AuthError, NetworkError, type SyncstatError } from '../../src/core/errors.js';
import type { HttpRequest, HttpResponse } from '../../src/core/http.js';
import { Logger } from '../../src/core/log.js';
import { DEFAULT_RETRY } from '../../src/core/retry.js';
import { SecretRegistry } from '../../src/core/secrets.js';
import type { Session } from '../../src/core/session.js';
import { createUCloudClient } from '../../src/providers/ucloud/client.js';
import { queryUdts } from '../../src/providers/ucloud/index.js';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/ucloud-vectors.json', import.meta.url), 'utf8'));
const KEYS = { UCLOUD_PUBLIC_KEY: fixture.publicKey, UCLOUD_PRIVATE_KEY: fixture.privateKey };
const UUID = '6f1c0c1e-8a56-4b43-9d5e-2f1d6f0f5a11';

type Answer = { status?: number; body: unknown; headers?: Record<string, string> };

/** A session whose transport records every request and plays `answers` in turn (the last one repeats). */
function fakeSession(answers: Answer[], opts: { env?: Record<string, string>; flags?: Record<string, unknown>; file?: Record<string, unknown>; home?: string } = {}) {
  const sent: HttpRequest[] = [];
  const sleeps: number[] = [];
  const stderr: string[] = [];
  const secrets = new SecretRegistry();
  const session: Session = {
    env: opts.env ?? KEYS,
    // The clock moves by what was slept: throttling is retried against time, not a count.
    now: () => Date.parse('2026-01-02T03:04:05Z') + sleeps.reduce((a, b) => a + b, 0),
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
    http: {
      async send(req): Promise<HttpResponse> {
        const a = answers[Math.min(sent.length, answers.length - 1)];
        sent.push(req);
        const body = typeof a.body === 'string' ? a.body : JSON.stringify(a.body);
        return { status: a.status ?? 200, headers: { 'x-ucloud-request-uuid': UUID, ...a.headers }, body, url: req.url };
      },
      close: async () => {},
    },
    log: new Logger({ write: (t: string) => stderr.push(t) }, secrets, true),
    secrets,
    retry: { ...DEFAULT_RETRY, retries: 3 },
    concurrency: 2,
    config: { filepath: '/x/.statusrc.json', config: opts.file ? { profiles: { default: { ucloud: opts.file } } } : {} },
    profile: 'default',
    flags: opts.flags ?? {},
    cacheDir: '/nonexistent',
    homedir: opts.home ?? '/nonexistent',
  };
  return { session, sent, sleeps, stderr };
}

const ok = (data: unknown = { Status: 'Syncing' }): Answer => ({ body: { RetCode: 0, Action: 'GetUDTSTaskStatusResponse', Message: '', Data: data } });
const ret = (RetCode: unknown, Message = 'nope'): Answer => ({ body: { RetCode, Action: 'GetUDTSTaskStatusResponse', Message } });

async function failure(answers: Answer[]): Promise<{ err: SyncstatError; sent: HttpRequest[]; sleeps: number[] }> {
  const { session, sent, sleeps } = fakeSession(answers);
  try {
    await createUCloudClient(session).call({ Action: 'GetUDTSTaskStatus', TaskId: 'udts-ixdp441' });
  } catch (err) {
    return { err: err as SyncstatError, sent, sleeps };
  }
  throw new Error('expected a failure');
}

describe('UCloud request', () => {
  it('POSTs a signed form to the endpoint root, sending optional parameters only when set', async () => {
    const { session, sent } = fakeSession([ok()]);
    await createUCloudClient(session).call({ Action: 'GetUDTSTaskStatus', TaskId: 'udts-ixdp441', ProjectId: undefined, Type: undefined });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ method: 'POST', url: 'https://api.ucloud.cn/', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(Object.fromEntries(new URLSearchParams(sent[0].body))).toEqual({
      Action: 'GetUDTSTaskStatus', TaskId: 'udts-ixdp441', PublicKey: fixture.publicKey, Signature: fixture.vectors[1].signature,
    });
  });

  it('takes project and region from env, config file or flags (flags win) and signs them', async () => {
    const { session, sent } = fakeSession([ok()], {
      env: { ...KEYS, UCLOUD_PROJECT_ID: 'org-env', UCLOUD_REGION: 'cn-bj2' },
      flags: { projectId: 'org-hiny12' },
      file: { endpoint: 'http://127.0.0.1:9/base/', projectId: 'org-file' },
    });
    const client = createUCloudClient(session);
    await client.call({ Action: 'GetUDTSTaskStatus', ProjectId: client.projectId, Region: client.region, TaskId: 'udts-ixdp441', Type: 'integration' });
    expect(sent[0].url).toBe('http://127.0.0.1:9/base/');
    expect(new URLSearchParams(sent[0].body).get('Signature')).toBe(fixture.vectors[3].signature);
  });

  it('reads the keys from the config file and registers the private key as a secret', () => {
    const { session } = fakeSession([ok()], { env: {}, file: { publicKey: 'pk', privateKey: 'private-key-from-file' } });
    createUCloudClient(session);
    expect(session.secrets.scrub('x private-key-from-file y')).toBe('x *** y');
  });

  it('names the env vars and config keys when the keys are missing (exit 3, nothing sent)', () => {
    const { session, sent } = fakeSession([ok()], { env: { UCLOUD_PUBLIC_KEY: 'pk' } });
    expect(() => createUCloudClient(session)).toThrow(AuthError);
    try {
      createUCloudClient(session);
    } catch (err) {
      expect((err as AuthError).suggestion).toContain('UCLOUD_PRIVATE_KEY');
      expect((err as AuthError).suggestion).toContain('profiles.default.ucloud.privateKey');
    }
    expect(sent).toHaveLength(0);
  });
});

describe("the UCloud CLI's profiles (~/.ucloud)", () => {
  /** A home where `ucloud config` set up two profiles, `work` active. */
  function cliHome(): string {
    const home = mkdtempSync(join(tmpdir(), 'syncstat-ucloud-home-'));
    mkdirSync(join(home, '.ucloud'));
    writeFileSync(join(home, '.ucloud', 'config.json'), JSON.stringify([
      { profile: 'default', active: false, project_id: 'org-default', region: 'cn-sh2', base_url: 'https://api.ucloud.cn/', timeout_sec: 15 },
      { profile: 'work', active: true, project_id: 'org-hiny12', region: 'cn-bj2', base_url: 'http://127.0.0.1:9/base/', timeout_sec: 15 },
    ]));
    writeFileSync(join(home, '.ucloud', 'credential.json'), JSON.stringify([
      { profile: 'default', public_key: 'pk-default', private_key: 'private-default-1f2e' },
      { profile: 'work', public_key: fixture.publicKey, private_key: fixture.privateKey },
    ]));
    return home;
  }

  it("uses the active profile's keys, project, region and base URL when nothing else names keys", async () => {
    const { session, sent, stderr } = fakeSession([ok()], { env: {}, home: cliHome() });
    const client = createUCloudClient(session);
    expect([client.projectId, client.region]).toEqual(['org-hiny12', 'cn-bj2']);
    await client.call({ Action: 'GetUDTSTaskStatus', ProjectId: client.projectId, Region: client.region, TaskId: 'udts-ixdp441', Type: 'integration' });
    expect(sent[0].url).toBe('http://127.0.0.1:9/base/');
    expect(new URLSearchParams(sent[0].body).get('Signature')).toBe(fixture.vectors[3].signature);
    expect(stderr.join('')).toMatch(/UCloud credentials from .*credential\.json \(profile work\)/);
    expect(session.secrets.scrub(fixture.privateKey)).toBe('***');
  });

  it('follows UCLOUD_PROFILE, and says so when it names no profile (exit 3)', () => {
    const home = cliHome();
    const picked = fakeSession([ok()], { env: { UCLOUD_PROFILE: 'default' }, home });
    expect(createUCloudClient(picked.session).projectId).toBe('org-default');
    const err = (() => {
      try {
        createUCloudClient(fakeSession([ok()], { env: { UCLOUD_PROFILE: 'prod' }, home }).session);
      } catch (e) {
        return e as AuthError;
      }
    })();
    expect(err).toBeInstanceOf(AuthError);
    expect(err!.toLine()).toMatch(/UCLOUD_PROFILE "prod" is not in .*credential\.json\. Profiles there: default, work/);
  });

  it('is not mixed with keys from the environment or syncstat\'s config', async () => {
    const { session, sent } = fakeSession([ok()], { env: { ...KEYS }, home: cliHome() });
    const client = createUCloudClient(session);
    expect(client.projectId).toBeUndefined();
    await client.call({ Action: 'GetUDTSTaskStatus', TaskId: 'udts-ixdp441' });
    expect(sent[0].url).toBe('https://api.ucloud.cn/');
  });

  it('says in one line that an OAuth-login profile will not do: syncstat needs a key pair (exit 3)', () => {
    for (const [config, credential] of [
      [{ auth_mode: 'OAuth' }, {}],
      [{}, { auth_mode: 'oauth', access_token: 'oauth-access-token-9f8e', refresh_token: 'oauth-refresh-7d6c' }],
      [{}, { access_token: 'oauth-access-token-9f8e' }],
    ]) {
      const home = mkdtempSync(join(tmpdir(), 'syncstat-ucloud-oauth-'));
      mkdirSync(join(home, '.ucloud'));
      writeFileSync(join(home, '.ucloud', 'config.json'), JSON.stringify([{ profile: 'sso', active: true, project_id: 'org-hiny12', region: 'cn-bj2', ...config }]));
      writeFileSync(join(home, '.ucloud', 'credential.json'), JSON.stringify([{ profile: 'sso', ...credential }]));
      const err = (() => {
        try {
          createUCloudClient(fakeSession([ok()], { env: {}, home }).session);
        } catch (e) {
          return e as AuthError;
        }
      })();
      expect(err).toBeInstanceOf(AuthError);
      expect(err!.exitCode).toBe(3);
      expect(err!.toLine()).toMatch(/^UCloud CLI profile "sso" signs in with OAuth \(auth_mode\), but syncstat needs an API key pair\. Set UCLOUD_PUBLIC_KEY and UCLOUD_PRIVATE_KEY/i);
      expect(err!.toLine()).not.toContain('oauth-access-token');
      expect(err!.toLine()).not.toContain('\n');
    }
  });

  it('reports a broken file with its path (exit 3)', () => {
    const home = cliHome();
    writeFileSync(join(home, '.ucloud', 'credential.json'), '{"profile":');
    expect(() => createUCloudClient(fakeSession([ok()], { env: {}, home }).session)).toThrow(/credential\.json is not the UCloud CLI's JSON array of profiles/);
  });
});

describe('UCloud RetCode', () => {
  it('accepts RetCode 0 as a number or a numeric string', async () => {
    for (const RetCode of [0, '0']) {
      const { session } = fakeSession([{ body: { RetCode, Data: { Status: 'Done' } } }]);
      const reply = await createUCloudClient(session).call({ Action: 'GetUDTSTaskStatus', TaskId: 'udts-a' });
      expect(reply).toMatchObject({ requestId: UUID, body: { Data: { Status: 'Done' } } });
    }
  });

  it('treats a missing or non-numeric RetCode as a protocol error (exit 5)', async () => {
    for (const body of [{ Action: 'GetUDTSTaskStatusResponse', Data: {} }, { RetCode: 'abc' }]) {
      const { err } = await failure([{ body }]);
      expect(err).toBeInstanceOf(NetworkError);
      expect(err).toMatchObject({ exitCode: 5, code: 'NO_RETCODE', requestId: UUID });
    }
  });

  it.each([171, 172, 174, 294, 295, 299, '171'])('RetCode %s is a credential error: exit 3, never retried', async (code) => {
    const { err, sent } = await failure([ret(code, 'Signature VerifyAC Error'), ok()]);
    expect(err).toBeInstanceOf(AuthError);
    expect(err).toMatchObject({ exitCode: 3, code: String(code), requestId: UUID });
    expect(err.message).toContain('Signature VerifyAC Error');
    expect(sent).toHaveLength(1);
  });

  it.each([110, 130, 150, 153])('RetCode %s is retried with backoff, then succeeds', async (code) => {
    const { session, sent, sleeps } = fakeSession([ret(code), ret(String(code)), ok()]);
    await createUCloudClient(session).call({ Action: 'GetUDTSTaskStatus', TaskId: 'udts-a' });
    expect(sent).toHaveLength(3);
    expect(sleeps).toEqual([150, 300]); // full jitter at random() = 0.5: half of 300 ms, then of 600 ms
    // Every attempt is signed afresh and identically: UCloud signatures have no timestamp.
    expect(new Set(sent.map((r) => r.body)).size).toBe(1);
  });

  it('gives up on endless throttling after the time budget (not --retries) with exit 5 and the service Message', async () => {
    const { err, sent, sleeps } = await failure([ret(153, 'Request rate limited')]);
    expect(err).toMatchObject({ exitCode: 5, code: '153', requestId: UUID });
    expect(err.message).toMatch(/Request rate limited.*not retried: .*gave up after \d+ attempts/);
    expect(sent.length).toBeGreaterThan(4);
    expect(sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(120_000);
  });

  it('reports any other RetCode as a service error (exit 4) with Message and request id, not retried', async () => {
    const { err, sent } = await failure([ret(230, 'task udts-ixdp441 not found'), ok()]);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ exitCode: 4, code: '230', requestId: UUID, message: 'task udts-ixdp441 not found (RetCode 230)' });
    expect(sent).toHaveLength(1);
  });

  it('retries HTTP 429 and 5xx through the shared transport rules', async () => {
    const { session, sent } = fakeSession([{ status: 503, body: 'busy' }, { status: 429, body: '', headers: { 'retry-after': '0' } }, ok()]);
    await createUCloudClient(session).call({ Action: 'GetUDTSTaskStatus', TaskId: 'udts-a' });
    expect(sent).toHaveLength(3);
  });

  it('does not retry a non-UCloud answer such as HTTP 404 from a wrong endpoint (exit 5)', async () => {
    const { err, sent } = await failure([{ status: 404, body: { message: 'not here' } }]);
    expect(err).toMatchObject({ exitCode: 5, code: 'HTTP_404', message: 'api.ucloud.cn answered HTTP 404 without a UCloud RetCode' });
    expect(err.suggestion).toContain('UCLOUD_API_BASE_URL');
    expect(sent).toHaveLength(1);
  });

  it('calls a body that is not JSON a protocol error (exit 5)', async () => {
    const { err } = await failure([{ body: '<html><body>502</body></html>' }]);
    expect(err).toMatchObject({ exitCode: 5, code: 'NOT_JSON' });
  });
});

describe('queryUdts', () => {
  it('stops sending once the credentials are refused, and keeps per-id errors', async () => {
    const { session, sent } = fakeSession([ret(172, 'User not exist')]);
    session.concurrency = 1;
    const report = await queryUdts(session, ['udts-a', 'udts-b'], {});
    expect(sent).toHaveLength(1);
    expect(report.errors.map((e) => [e.id, e.exitCode])).toEqual([['udts-a', 3], ['udts-b', 3]]);
  });

  it('warns (does not fail) on an id outside the usual shape', async () => {
    const { session } = fakeSession([ok()]);
    const report = await queryUdts(session, ['UDTS-Upper1'], {});
    expect(report.results).toHaveLength(1);
    expect(report.warnings.join('\n')).toContain('UDTS-Upper1');
  });
});
