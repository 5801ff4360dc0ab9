import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuthError, NetworkError, ApiError, type SyncstatError } from '../../src/core/errors.js';
import type { HttpRequest, HttpResponse } from '../../src/core/http.js';
import { Logger } from '../../src/core/log.js';
import { DEFAULT_RETRY } from '../../src/core/retry.js';
import { SecretRegistry } from '../../src/core/secrets.js';
import type { Session } from '../../src/core/session.js';
import { createHuaweiClient } from '../../src/providers/huawei/client.js';
import { huaweiError } from '../../src/providers/huawei/errors.js';
import { readCachedToken, TOKEN_REFRESH_MARGIN_MS, tokenCachePath, writeCachedToken } from '../../src/providers/huawei/iam.js';
import { projectCachePath } from '../../src/providers/huawei/projects.js';
import { chooseAuthMode, readHuaweiSettings } from '../../src/providers/huawei/settings.js';
import { fetchStarRocks } from '../../src/providers/huawei/starrocks.js';

type Responder = (req: HttpRequest) => Partial<HttpResponse> & { status: number };

/** A session whose transport records every request and answers with `respond`. */
function fakeSession(env: Record<string, string>, respond: Responder = () => ({ status: 200, body: '{}' }), extra: Partial<Session> = {}) {
  const sent: HttpRequest[] = [];
  const stderr: string[] = [];
  const secrets = new SecretRegistry();
  const session: Session = {
    env,
    now: () => Date.parse('2024-01-02T03:04:05Z'),
    sleep: async () => {},
    random: () => 0,
    http: {
      async send(req) {
        sent.push(req);
        const res = respond(req);
        return { headers: {}, body: '', url: req.url, ...res };
      },
      close: async () => {},
    },
    log: new Logger({ write: (t: string) => stderr.push(t) }, secrets, true),
    secrets,
    retry: { ...DEFAULT_RETRY, retries: 3 },
    concurrency: 4,
    config: { filepath: null, config: {} },
    profile: 'default',
    flags: {},
    cacheDir: mkdtempSync(join(tmpdir(), 'syncstat-hw-')),
    homedir: mkdtempSync(join(tmpdir(), 'syncstat-hw-home-')),
    ...extra,
  };
  return { session, sent, stderr };
}

const vectors = JSON.parse(readFileSync(new URL('../fixtures/huawei-vectors.json', import.meta.url), 'utf8'));
const PROJECT = '0123456789abcdef0123456789abcdef';
const AKSK = { HUAWEICLOUD_SDK_AK: vectors.ak, HUAWEICLOUD_SDK_SK: vectors.sk, HUAWEICLOUD_SDK_PROJECT_ID: PROJECT, HUAWEICLOUD_SDK_REGION: 'cn-north-4' };
const PASSWORD = { HUAWEICLOUD_SDK_USERNAME: 'u', HUAWEICLOUD_SDK_PASSWORD: 'password-123', HUAWEICLOUD_SDK_DOMAIN_NAME: 'd', HUAWEICLOUD_SDK_REGION: 'cn-north-4' };

function settingsError(env: Record<string, string>, flags: Record<string, unknown> = {}): SyncstatError {
  const { session } = fakeSession(env, undefined, { flags });
  try {
    chooseAuthMode(readHuaweiSettings(session), 'default');
  } catch (err) {
    return err as SyncstatError;
  }
  throw new Error('expected an error');
}

describe('auth mode', () => {
  const mode = (env: Record<string, string>, flags: Record<string, unknown> = {}) => chooseAuthMode(readHuaweiSettings(fakeSession(env, undefined, { flags }).session), 'default');

  it('is chosen by what is present: AK/SK, then token, then password', () => {
    expect(mode(AKSK)).toBe('aksk');
    expect(mode({ HUAWEICLOUD_TOKEN: 'tok', HUAWEICLOUD_SDK_PROJECT_ID: PROJECT })).toBe('token');
    expect(mode(PASSWORD)).toBe('password');
    expect(mode({ ...AKSK, HUAWEICLOUD_TOKEN: 'tok' })).toBe('aksk');
  });

  it('is named by --auth or SYNCSTAT_HUAWEI_AUTH', () => {
    expect(mode({ ...AKSK, HUAWEICLOUD_TOKEN: 'tok' }, { auth: 'token' })).toBe('token');
    expect(mode({ ...AKSK, ...PASSWORD, SYNCSTAT_HUAWEI_AUTH: 'password' })).toBe('password');
  });

  it("accepts Terraform's HW_* names", () => {
    expect(mode({ HW_ACCESS_KEY: 'ak', HW_SECRET_KEY: 'sk', HUAWEICLOUD_SDK_PROJECT_ID: PROJECT })).toBe('aksk');
  });

  it('names the env vars and config keys of every mode when nothing is set (exit 3)', () => {
    const err = settingsError({});
    expect(err).toBeInstanceOf(AuthError);
    expect(err.exitCode).toBe(3);
    expect(err.toLine()).toContain('HUAWEICLOUD_SDK_AK + HUAWEICLOUD_SDK_SK + HUAWEICLOUD_SDK_PROJECT_ID');
    expect(err.toLine()).toContain('HUAWEICLOUD_TOKEN');
    expect(err.toLine()).toContain('HUAWEICLOUD_SDK_USERNAME + HUAWEICLOUD_SDK_PASSWORD + HUAWEICLOUD_SDK_DOMAIN_NAME');
    expect(err.toLine()).toContain('profiles.default.huawei');
  });

  it('names exactly what a half-configured mode lacks', () => {
    const err = settingsError({ HUAWEICLOUD_SDK_AK: 'ak', HUAWEICLOUD_SDK_PROJECT_ID: PROJECT });
    expect(err.message).toBe('missing Huawei Cloud credentials: sk');
    expect(err.suggestion).toContain('HUAWEICLOUD_SDK_SK');
    expect(err.suggestion).toContain('profiles.default.huawei.sk');
    expect(settingsError({ HUAWEICLOUD_SDK_AK: 'ak', HUAWEICLOUD_SDK_SK: 'sk' }).message).toBe('missing Huawei Cloud credentials: projectId');
    expect(settingsError(AKSK, { auth: 'kerberos' }).message).toContain('unknown Huawei Cloud auth mode');
  });
});

describe('the official SDK credentials file (~/.huaweicloud/credentials)', () => {
  function sdkHome(text: string): string {
    const home = mkdtempSync(join(tmpdir(), 'syncstat-hw-sdk-'));
    mkdirSync(join(home, '.huaweicloud'));
    writeFileSync(join(home, '.huaweicloud', 'credentials'), text);
    return home;
  }
  const FILE = `# written by hand\n[global]\nak = GLOBALAK\nsk = global-sk\n\n[basic]\nak = ${vectors.ak}\nsk = ${vectors.sk}\nproject_id = ${PROJECT}\n`;

  it('signs with [basic] ak, sk and project_id when nothing else names credentials', async () => {
    const { session, sent, stderr } = fakeSession({ HUAWEICLOUD_SDK_REGION: 'cn-north-4' }, () => ({ status: 200, body: JSON.stringify({ total_count: '0', replications: [] }) }), { homedir: sdkHome(FILE) });
    await fetchStarRocks(createHuaweiClient(session, 'gaussdb'), 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4in17', { limit: 10 }, session.now);
    expect(sent[0].headers!.authorization).toBe(`SDK-HMAC-SHA256 Access=${vectors.ak}, SignedHeaders=${vectors.vectors[1].signedHeaders}, Signature=${vectors.vectors[1].signature}`);
    expect(stderr.join('')).toMatch(/Huawei Cloud credentials from .*\.huaweicloud\/credentials \[basic\]/);
    expect(session.secrets.scrub(vectors.sk)).toBe('***');
  });

  it('is ignored once the environment names credentials, and HUAWEICLOUD_SDK_CREDENTIALS_FILE moves it', () => {
    const home = sdkHome(FILE);
    const fromEnv = readHuaweiSettings(fakeSession({ HUAWEICLOUD_TOKEN: 'tok' }, undefined, { homedir: home }).session);
    expect([fromEnv.token, fromEnv.ak, fromEnv.projectId]).toEqual(['tok', undefined, undefined]);
    const moved = readHuaweiSettings(fakeSession({ HUAWEICLOUD_SDK_CREDENTIALS_FILE: join(home, '.huaweicloud', 'credentials') }).session);
    expect(moved.ak).toBe(vectors.ak);
    expect(() => readHuaweiSettings(fakeSession({ HUAWEICLOUD_SDK_CREDENTIALS_FILE: join(home, 'nope') }).session)).toThrow(/cannot read the Huawei Cloud credentials file .*nope: no such file/);
  });

  it('warns once, as for a config file, when the file holding the SK is open to others', () => {
    const home = sdkHome(FILE);
    const file = join(home, '.huaweicloud', 'credentials');
    chmodSync(file, 0o644);
    const open = fakeSession({}, undefined, { homedir: home });
    readHuaweiSettings(open.session);
    readHuaweiSettings(open.session);
    const warnings = open.stderr.filter((l) => l.startsWith('warning:'));
    expect(warnings).toEqual([`warning: ${file} holds a secret and is readable by other users; run: chmod 600 ${file}\n`]);
    const privateHome = sdkHome(FILE);
    chmodSync(join(privateHome, '.huaweicloud', 'credentials'), 0o600);
    const closed = fakeSession({}, undefined, { homedir: privateHome });
    readHuaweiSettings(closed.session);
    expect(closed.stderr.filter((l) => l.startsWith('warning:'))).toEqual([]);
  });

  it('names the file in the missing-credentials advice', () => {
    expect(settingsError({}).toLine()).toContain('~/.huaweicloud/credentials');
    const err = (() => {
      try {
        chooseAuthMode(readHuaweiSettings(fakeSession({}, undefined, { homedir: sdkHome('[basic]\nak = x\n') }).session), 'default');
      } catch (e) {
        return e as AuthError;
      }
    })();
    expect(err!.message).toBe('missing Huawei Cloud credentials: sk, projectId');
  });
});

describe('request building', () => {
  it('sends the StarRocks call exactly as the documented project vector signs it', async () => {
    const { session, sent } = fakeSession(AKSK, () => ({ status: 200, body: JSON.stringify({ total_count: '0', replications: [] }) }));
    await fetchStarRocks(createHuaweiClient(session, 'gaussdb'), 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4in17', { limit: 10 }, session.now);
    const v = vectors.vectors[1];
    expect(sent).toHaveLength(1);
    expect(sent[0].url).toBe(v.url);
    expect(sent[0].headers!.authorization).toBe(`SDK-HMAC-SHA256 Access=${vectors.ak}, SignedHeaders=${v.signedHeaders}, Signature=${v.signature}`);
    expect(sent[0].headers!['x-language']).toBe('en-us');
  });

  it('uses --endpoint over the region table and the per-service env', () => {
    const { session, stderr } = fakeSession({ ...AKSK, HUAWEICLOUD_DRS_ENDPOINT: 'http://drs.local:1/' }, undefined, { flags: { endpoint: 'http://flag.local:2' } });
    createHuaweiClient(session, 'drs');
    expect(stderr.join('')).toContain('DRS endpoint http://flag.local:2');
    const env = fakeSession({ ...AKSK, HUAWEICLOUD_DRS_ENDPOINT: 'http://drs.local:1/' });
    createHuaweiClient(env.session, 'drs');
    expect(env.stderr.join('')).toContain('DRS endpoint http://drs.local:1\n');
  });

  it('needs a region unless the endpoint is given', () => {
    const { HUAWEICLOUD_SDK_REGION: _, ...noRegion } = AKSK;
    expect(() => createHuaweiClient(fakeSession(noRegion).session, 'drs')).toThrow(/missing Huawei Cloud region/);
    expect(() => createHuaweiClient(fakeSession({ ...noRegion, HUAWEICLOUD_DRS_ENDPOINT: 'http://x.local' }).session, 'drs')).not.toThrow();
  });
});

const iamReply = (n: number) => ({ status: 201, headers: { 'x-subject-token': `token-${n}-abcdef` }, body: JSON.stringify({ token: { expires_at: '2024-01-03T03:04:05.000000Z', project: { id: PROJECT } } }) });

describe('IAM password tokens', () => {
  it('renews once on APIGW.0307, then fails without another try', async () => {
    let issued = 0;
    const { session, sent } = fakeSession(PASSWORD, (req) =>
      req.url.endsWith('/v3/auth/tokens') ? iamReply(++issued) : { status: 401, headers: { 'x-request-id': 'rq' }, body: JSON.stringify({ error_code: 'APIGW.0307', error_msg: 'The token must be updated.' }) },
    );
    const client = createHuaweiClient(session, 'drs');
    const err = await client.send({ method: 'POST', path: '/jobs/batch-status', body: '{}' }).catch((e) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(err.code).toBe('APIGW.0307');
    expect(sent.map((r) => (r.url.endsWith('/v3/auth/tokens') ? 'iam' : r.headers!['x-auth-token']))).toEqual(['iam', 'token-1-abcdef', 'iam', 'token-2-abcdef']);
  });

  it('shares one exchange between concurrent calls, and scopes by region without a project id', async () => {
    let issued = 0;
    const { HUAWEICLOUD_SDK_REGION: _, ...rest } = PASSWORD;
    const { session, sent } = fakeSession({ ...rest, HUAWEICLOUD_SDK_REGION: 'ap-southeast-3' }, (req) =>
      req.url.endsWith('/v3/auth/tokens') ? iamReply(++issued) : { status: 200, body: '{"results":[]}' },
    );
    const client = createHuaweiClient(session, 'drs');
    await Promise.all([1, 2, 3].map(() => client.send({ method: 'POST', path: '/jobs/batch-status', body: '{}' })));
    const iam = sent.filter((r) => r.url.endsWith('/v3/auth/tokens'));
    expect(iam).toHaveLength(1);
    expect(iam[0].url).toBe('https://iam.ap-southeast-3.myhuaweicloud.com/v3/auth/tokens');
    expect(JSON.parse(iam[0].body!).auth.scope).toEqual({ project: { name: 'ap-southeast-3' } });
    // The project comes from the token.
    expect(sent[1].url).toBe(`https://drs.ap-southeast-3.myhuaweicloud.com/v3/${PROJECT}/jobs/batch-status`);
    expect(session.secrets.scrub('token-1-abcdef password-123')).toBe('*** ***');
  });

  it('caches tokens owner-only and stops using them shortly before they expire', () => {
    const dir = mkdtempSync(join(tmpdir(), 'syncstat-cache-'));
    const path = tokenCachePath(join(dir, 'syncstat'), { iamEndpoint: 'https://iam', user: 'u', password: 'p', domain: 'd', region: 'r' });
    const now = Date.parse('2024-01-02T00:00:00Z');
    writeCachedToken(path, { token: 't', expiresAt: now + 3600_000, projectId: 'p' });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(path, '..')).mode & 0o777).toBe(0o700);
    expect(readCachedToken(path, now)).toEqual({ token: 't', expiresAt: now + 3600_000, projectId: 'p' });
    expect(readCachedToken(path, now + 3600_000 - TOKEN_REFRESH_MARGIN_MS)).toBeNull();
    expect(readCachedToken(join(dir, 'missing.json'), now)).toBeNull();
  });

  it('leaves no .tmp file behind when the rename fails', () => {
    const dir = mkdtempSync(join(tmpdir(), 'syncstat-cache-'));
    const path = join(dir, 'huawei', 'token.json');
    mkdirSync(join(path, 'occupied'), { recursive: true }); // a non-empty folder where the file goes
    expect(() => writeCachedToken(path, { token: 't', expiresAt: 1, projectId: null })).toThrow();
    expect(readdirSync(join(dir, 'huawei'))).toEqual(['token.json']);
  });

  it('reports a wrong password as an auth error naming the settings', async () => {
    const { session } = fakeSession(PASSWORD, () => ({ status: 401, body: JSON.stringify({ error: { code: 401, message: 'The username or password is wrong.', title: 'Unauthorized' } }) }));
    const err = await createHuaweiClient(session, 'drs').send({ method: 'POST', path: '/jobs/batch-status', body: '{}' }).catch((e) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(err.message).toBe('IAM refused the password sign-in: The username or password is wrong.');
    expect(err.suggestion).toContain('HUAWEICLOUD_SDK_PASSWORD');
  });
});

describe('error interpretation', () => {
  const res = (status: number, body: object | string, headers: Record<string, string> = {}): HttpResponse => ({
    status,
    headers: { 'x-request-id': 'req-42', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    url: 'https://drs.cn-north-4.myhuaweicloud.com/v3/p/jobs/batch-status',
  });

  it.each(['APIGW.0301', 'APIGW.0302', 'APIGW.0303', 'APIGW.0307'])('%s is an auth error, never retried', (code) => {
    const err = huaweiError(res(401, { error_code: code, error_msg: 'no', request_id: 'b' }), 0, 'DRS');
    expect(err).toBeInstanceOf(AuthError);
    expect(err).toMatchObject({ code, exitCode: 3, retryable: false, requestId: 'req-42' });
  });

  it('says to check the clock on APIGW.0303', () => {
    expect(huaweiError(res(401, { error_code: 'APIGW.0303', error_msg: 'x' }), 0, 'DRS').suggestion).toMatch(/clock/);
  });

  it('retries throttling (APIGW.0308 and 429) after Retry-After', () => {
    const err = huaweiError(res(429, { error_code: 'APIGW.0308', error_msg: 'slow down' }, { 'retry-after': '2' }), 0, 'DRS');
    expect(err).toBeInstanceOf(NetworkError);
    expect(err).toMatchObject({ retryable: true, retryAfterMs: 2000, code: 'APIGW.0308' });
  });

  it('reads both service error shapes as API errors with the X-Request-Id', () => {
    expect(huaweiError(res(400, { error_code: 'DBS.200022', error_msg: 'Instance not found.' }), 0, 'TaurusDB')).toMatchObject({ code: 'DBS.200022', message: 'Instance not found.', requestId: 'req-42', exitCode: 4 });
    const nested = huaweiError(res(404, { error: { code: 'DRS.M05003', message: 'The job does not exist.' } }), 0, 'DRS');
    expect(nested).toBeInstanceOf(ApiError);
    expect(nested).toMatchObject({ code: 'DRS.M05003', message: 'The job does not exist.' });
  });

  it('retries 5xx', () => {
    expect(huaweiError(res(503, '<html><body>busy</body></html>'), 0, 'DRS')).toMatchObject({ retryable: true, exitCode: 5 });
    expect(huaweiError(res(500, { error_code: 'DBS.01010001', error_msg: 'internal' }), 0, 'DRS')).toMatchObject({ retryable: true, code: 'DBS.01010001' });
  });

  it('sends a rejected signature once, never again', async () => {
    const { session, sent } = fakeSession(AKSK, () => ({ status: 401, body: JSON.stringify({ error_code: 'APIGW.0301', error_msg: 'Incorrect IAM authentication information: verify aksk signature fail' }) }));
    await expect(createHuaweiClient(session, 'drs').send({ method: 'POST', path: '/jobs/batch-status', body: '{}' })).rejects.toBeInstanceOf(AuthError);
    expect(sent).toHaveLength(1);
  });
});

describe('project id lookup (AK/SK or a token, a region, no project id)', () => {
  const { HUAWEICLOUD_SDK_PROJECT_ID: _p, ...AKSK_NO_PROJECT } = AKSK;
  const projects = (ids: string[], name = 'cn-north-4') => ({ status: 200, body: JSON.stringify({ projects: ids.map((id) => ({ id, name })), links: {} }) });
  const respond: Responder = (req) => (new URL(req.url).pathname === '/v3/projects' ? projects([PROJECT]) : { status: 200, body: '{"results":[]}' });

  it('asks the regional IAM once, signed with AK/SK, shared by concurrent calls, then addresses that project', async () => {
    const { session, sent } = fakeSession(AKSK_NO_PROJECT, respond);
    const client = createHuaweiClient(session, 'drs');
    await Promise.all([1, 2, 3].map(() => client.send({ method: 'POST', path: '/jobs/batch-status', body: '{}' })));
    const lookups = sent.filter((r) => r.url.includes('/v3/projects'));
    expect(lookups).toHaveLength(1);
    expect(lookups[0]).toMatchObject({ method: 'GET', url: 'https://iam.cn-north-4.myhuaweicloud.com/v3/projects?name=cn-north-4' });
    expect(lookups[0].headers!.authorization).toMatch(new RegExp(`^SDK-HMAC-SHA256 Access=${vectors.ak}, SignedHeaders=content-type;host;x-sdk-date, Signature=[0-9a-f]{64}$`));
    expect(lookups[0].headers!['x-project-id']).toBeUndefined();
    expect(sent.slice(1).map((r) => r.url)).toEqual(Array(3).fill(`https://drs.cn-north-4.myhuaweicloud.com/v3/${PROJECT}/jobs/batch-status`));
  });

  it('caches the answer beside the token cache (0600), keyed by IAM endpoint, AK and region, without the SK', async () => {
    const first = fakeSession(AKSK_NO_PROJECT, respond);
    await createHuaweiClient(first.session, 'drs').send({ method: 'POST', path: '/jobs/batch-status', body: '{}' });
    const path = projectCachePath(first.session.cacheDir, { iamEndpoint: 'https://iam.cn-north-4.myhuaweicloud.com', principal: `ak:${vectors.ak}`, region: 'cn-north-4' });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).not.toContain(vectors.sk);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ projectId: PROJECT, region: 'cn-north-4' });
    const again = fakeSession(AKSK_NO_PROJECT, respond, { cacheDir: first.session.cacheDir });
    await createHuaweiClient(again.session, 'drs').send({ method: 'POST', path: '/jobs/batch-status', body: '{}' });
    expect(again.sent.map((r) => new URL(r.url).pathname)).toEqual([`/v3/${PROJECT}/jobs/batch-status`]);
  });

  it('uses the global IAM endpoint for a region the SDKs list no IAM endpoint for', async () => {
    const { session, sent } = fakeSession({ ...AKSK_NO_PROJECT, HUAWEICLOUD_SDK_REGION: 'cn-south-4' }, (req) => (req.url.includes('/v3/projects') ? projects([PROJECT], 'cn-south-4') : { status: 200, body: '{"results":[]}' }));
    await createHuaweiClient(session, 'drs').send({ method: 'POST', path: '/jobs/batch-status', body: '{}' });
    expect(sent[0].url).toBe('https://iam.myhuaweicloud.com/v3/projects?name=cn-south-4');
  });

  it('adds https:// to HUAWEICLOUD_SDK_IAM_ENDPOINT without a scheme, as the SDKs do', async () => {
    const { session, sent } = fakeSession({ ...AKSK_NO_PROJECT, HUAWEICLOUD_SDK_IAM_ENDPOINT: 'iam.example.internal:8443/' }, respond);
    await createHuaweiClient(session, 'drs').send({ method: 'POST', path: '/jobs/batch-status', body: '{}' });
    expect(sent[0].url).toBe('https://iam.example.internal:8443/v3/projects?name=cn-north-4');
  });

  it('sends a ready token to IAM the same way', async () => {
    const { session, sent } = fakeSession({ HUAWEICLOUD_TOKEN: 'tok-123', HUAWEICLOUD_SDK_REGION: 'cn-north-4' }, respond);
    await createHuaweiClient(session, 'drs').send({ method: 'POST', path: '/jobs/batch-status', body: '{}' });
    expect(sent[0].headers!['x-auth-token']).toBe('tok-123');
    expect(sent[0].headers!.authorization).toBeUndefined();
  });

  it('is an auth error (exit 3) when IAM lists no project, or several, for the region', async () => {
    for (const ids of [[], [PROJECT, 'f'.repeat(32)]]) {
      const { session, sent } = fakeSession(AKSK_NO_PROJECT, () => projects(ids));
      const err = await createHuaweiClient(session, 'drs').send({ method: 'POST', path: '/jobs/batch-status', body: '{}' }).catch((e) => e);
      expect(err).toBeInstanceOf(AuthError);
      expect(err.message).toMatch(ids.length ? /2 projects named "cn-north-4"/ : /no project named "cn-north-4"/);
      expect(sent).toHaveLength(1);
    }
  });

  it('needs a project id or a region to find one', () => {
    const { HUAWEICLOUD_SDK_REGION: _r, ...bare } = AKSK_NO_PROJECT;
    const err = settingsError(bare);
    expect(err.message).toBe('missing Huawei Cloud credentials: projectId');
    expect(err.suggestion).toContain('HUAWEICLOUD_SDK_REGION');
  });
});

describe('expired tokens', () => {
  const expiredAnswer = (code: string, msg: string) => ({ status: 401, body: JSON.stringify({ error_code: code, error_msg: msg }) });

  it.each([
    ['APIGW.0301', 'Incorrect IAM authentication information: token expires'],
    ['APIG.0301', 'Incorrect IAM authentication information: Token expires'],
    ['APIG.0307', 'The token must be updated.'],
    ['APIGW.0307', 'The token must be updated.'],
  ])('renews a password token once on %s (%s)', async (code, msg) => {
    let issued = 0;
    const { session, sent } = fakeSession(PASSWORD, (req) => (req.url.endsWith('/v3/auth/tokens') ? iamReply(++issued) : expiredAnswer(code, msg)));
    const err = await createHuaweiClient(session, 'drs').send({ method: 'POST', path: '/jobs/batch-status', body: '{}' }).catch((e) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(err.code).toBe(code);
    expect(sent.map((r) => (r.url.endsWith('/v3/auth/tokens') ? 'iam' : 'drs'))).toEqual(['iam', 'drs', 'iam', 'drs']);
  });

  it('does not renew on an APIGW.0301 that is not about expiry (a bad token or signature)', async () => {
    const { session, sent } = fakeSession(PASSWORD, (req) => (req.url.endsWith('/v3/auth/tokens') ? iamReply(1) : expiredAnswer('APIGW.0301', 'Incorrect IAM authentication information: decrypt token fail')));
    await createHuaweiClient(session, 'drs').send({ method: 'POST', path: '/jobs/batch-status', body: '{}' }).catch(() => {});
    expect(sent).toHaveLength(2);
  });

  it('says a static HUAWEICLOUD_TOKEN expired, with no retry (exit 3)', async () => {
    const { session, sent } = fakeSession({ HUAWEICLOUD_TOKEN: 'tok-old', HUAWEICLOUD_SDK_PROJECT_ID: PROJECT, HUAWEICLOUD_SDK_REGION: 'cn-north-4' }, () => expiredAnswer('APIGW.0301', 'Incorrect IAM authentication information: token expires'));
    const err = await createHuaweiClient(session, 'drs').send({ method: 'POST', path: '/jobs/batch-status', body: '{}' }).catch((e) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(err.exitCode).toBe(3);
    expect(err.message).toMatch(/^the Huawei Cloud token from env HUAWEICLOUD_TOKEN has expired/);
    expect(err.toLine()).not.toContain('tok-old');
    expect(sent).toHaveLength(1);
  });
});

describe('endpoint settings', () => {
  it('a bad --endpoint is a usage error (exit 2), a bad one from env a config error (exit 3) naming it', () => {
    const flag = (() => { try { createHuaweiClient(fakeSession(AKSK, undefined, { flags: { endpoint: 'notaurl' } }).session, 'drs'); } catch (e) { return e as SyncstatError; } })();
    expect(flag).toMatchObject({ exitCode: 2, message: 'invalid DRS endpoint "notaurl" (not a URL) in --endpoint' });
    const env = (() => { try { createHuaweiClient(fakeSession({ ...AKSK, HUAWEICLOUD_SDK_IAM_ENDPOINT: 'ftp://iam' }).session, 'drs'); } catch (e) { return e as SyncstatError; } })();
    expect(env).toMatchObject({ exitCode: 3, message: 'invalid IAM endpoint "ftp://iam" (only http and https are supported) from env HUAWEICLOUD_SDK_IAM_ENDPOINT' });
    const region = (() => { try { createHuaweiClient(fakeSession(AKSK, undefined, { flags: { region: 'Not A Region' } }).session, 'drs'); } catch (e) { return e as SyncstatError; } })();
    expect(region).toMatchObject({ exitCode: 2 });
  });
});
