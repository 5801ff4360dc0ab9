import { chmodSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AuthError, NetworkError } from '../../core/errors.js';
import { sha256Hex } from '../../core/hash.js';
import { callApi, type Session } from '../../core/session.js';
import type { HttpResponse } from '../../core/http.js';
import { failureOf, interpretHuawei } from './errors.js';

export interface PasswordIdentity {
  iamEndpoint: string;
  user: string;
  password: string;
  domain: string;
  /** The token's scope: a project id, else the project named after the region. */
  projectId?: string;
  region?: string;
}

export interface IamToken {
  token: string;
  /** Epoch ms. */
  expiresAt: number;
  projectId: string | null;
}

/** A cached token is used until this long before it expires (a run must not start on a dying token). */
export const TOKEN_REFRESH_MARGIN_MS = 10 * 60 * 1000;

interface TokenBody {
  token?: { expires_at?: string; project?: { id?: string } };
}

/** POST {iam}/v3/auth/tokens with the password: 201, the token in X-Subject-Token, expiry in the body. */
export async function exchangePassword(s: Session, id: PasswordIdentity): Promise<IamToken> {
  const scope = id.projectId ? { project: { id: id.projectId } } : { project: { name: id.region } };
  const body = JSON.stringify({
    auth: {
      identity: { methods: ['password'], password: { user: { name: id.user, password: id.password, domain: { name: id.domain } } } },
      scope,
    },
  });
  const url = `${id.iamEndpoint}/v3/auth/tokens`;
  const token = await callApi(
    s,
    () => ({ method: 'POST', url, headers: { 'content-type': 'application/json;charset=utf8' }, body }),
    (res) => readToken(res, s.now()),
  );
  s.secrets.add(token.token);
  return token;
}

function readToken(res: HttpResponse, now: number): IamToken {
  if (res.status === 401 || res.status === 400) {
    // IAM answers a wrong user, password, domain or scope with a 401 or 400: say which settings to check.
    const failure = failureOf(res);
    throw new AuthError(`IAM refused the password sign-in: ${failure.message ?? `HTTP ${res.status}`}`, {
      code: failure.code ?? `HTTP_${res.status}`,
      requestId: failure.requestId,
      suggestion: 'Check HUAWEICLOUD_SDK_USERNAME, HUAWEICLOUD_SDK_PASSWORD and HUAWEICLOUD_SDK_DOMAIN_NAME (or profiles.<p>.huawei.user/password/domain), and the region or project id',
    });
  }
  const reply = interpretHuawei<TokenBody>(res, now, 'IAM');
  const token = res.headers['x-subject-token'];
  if (!token) throw new NetworkError('IAM answered without an X-Subject-Token header', { code: 'NO_TOKEN', requestId: reply.requestId, retryable: false });
  const expiresAt = Date.parse(reply.data.token?.expires_at ?? '');
  // Without an expiry, assume the documented 24 hours rather than caching forever.
  return { token, expiresAt: Number.isNaN(expiresAt) ? now + 24 * 3600 * 1000 : expiresAt, projectId: reply.data.token?.project?.id ?? null };
}

/** One cache file per IAM endpoint, domain, user and scope; the password is not part of the name. */
export function tokenCachePath(cacheDir: string, id: PasswordIdentity): string {
  const key = sha256Hex([id.iamEndpoint, id.domain, id.user, id.projectId ?? '', id.region ?? ''].join('\n')).slice(0, 24);
  return join(cacheDir, 'huawei', `token-${key}.json`);
}

/**
 * Why the cache file at `path` cannot be trusted, or null when it can: as ssh treats its keys, a
 * token is used only from a regular file (not a symbolic link) owned by this user, readable by it
 * alone (mode 0600), in a folder only it can enter (0700). Anyone else who can read, write or swap
 * the file could use or plant a token. ENOENT is thrown as is (no cache: nothing to say).
 */
export function untrustedCacheReason(path: string): string | null {
  if (process.platform === 'win32' || typeof process.getuid !== 'function') return null;
  const uid = process.getuid();
  const file = lstatSync(path);
  if (!file.isFile()) return file.isSymbolicLink() ? 'it is a symbolic link' : 'it is not a regular file';
  if (file.uid !== uid) return `it belongs to another user (uid ${file.uid})`;
  if (file.mode & 0o077) return `others can read or write it (mode ${(file.mode & 0o777).toString(8).padStart(4, '0')}; expected 0600)`;
  const dir = lstatSync(dirname(path));
  if (!dir.isDirectory()) return 'its folder is a symbolic link';
  if (dir.uid !== uid) return `its folder belongs to another user (uid ${dir.uid})`;
  if (dir.mode & 0o077) return `others can enter its folder ${dirname(path)} (mode ${(dir.mode & 0o777).toString(8).padStart(4, '0')}; expected 0700)`;
  return null;
}

/**
 * The cached token, when the file can be trusted (see untrustedCacheReason: else `warn` says why
 * and it is ignored) and the token has more than TOKEN_REFRESH_MARGIN_MS left.
 */
export function readCachedToken(path: string, now: number, warn: (message: string) => void = () => {}): IamToken | null {
  try {
    const untrusted = untrustedCacheReason(path);
    if (untrusted) {
      warn(`ignoring the cached IAM token ${path}: ${untrusted}; getting a new token (the cache is rewritten 0600 in a 0700 folder)`);
      return null;
    }
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<IamToken>;
    if (typeof parsed.token !== 'string' || typeof parsed.expiresAt !== 'number') return null;
    if (parsed.expiresAt - TOKEN_REFRESH_MARGIN_MS <= now) return null;
    return { token: parsed.token, expiresAt: parsed.expiresAt, projectId: typeof parsed.projectId === 'string' ? parsed.projectId : null };
  } catch {
    return null;
  }
}

/** Writes the token readable by the owner only (dir 0700, file 0600), atomically. */
export function writeCachedToken(path: string, token: IamToken): void {
  writePrivateJson(path, token);
}

/**
 * Writes JSON readable by the owner only (dir 0700, file 0600), atomically: a new file (never an
 * existing one or a link planted at its name) in the same folder, renamed over the old one; when
 * anything fails the new file is removed, so no .tmp file is left behind. The Huawei caches.
 */
export function writePrivateJson(path: string, value: unknown): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const tmp = `${path}.${process.pid}-${Date.now()}.tmp`;
  writeFileSync(tmp, JSON.stringify(value), { mode: 0o600, flag: 'wx' });
  try {
    chmodSync(tmp, 0o600);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** Gateway answers that say the token itself is no good (expired, revoked, from another IAM). */
const TOKEN_REJECTED = new Set(['APIGW.0301', 'APIGW.0307', 'APIG.0301', 'APIG.0307']);

/** What the gateway said about a token (TokenRejectedError's code and its expired flag). */
export interface TokenRejection {
  code: string;
  tokenExpired: boolean;
}

/**
 * Password-mode tokens for one run: read from the cache or exchanged once, shared by concurrent
 * calls; after an expired-token answer exchanged again at most once.
 */
export class IamTokenSource {
  private current: Promise<IamToken> | null = null;
  private generation = 0;
  private renewals = 0;
  /** The first token (generation 0) came from the cache file. */
  private fromCache = false;
  private readonly path: string;

  constructor(
    private readonly s: Session,
    private readonly id: PasswordIdentity,
  ) {
    this.path = tokenCachePath(s.cacheDir, id);
  }

  /** The token and its generation (to tell a stale token's failure from a renewed one's). */
  async get(): Promise<{ token: IamToken; generation: number }> {
    this.current ??= this.load(false);
    const generation = this.generation;
    return { token: await this.current, generation };
  }

  /**
   * Drops a rejected token: it leaves the cache file, and a new one is exchanged once per run when
   * it had expired, or when it came from the cache (revoked, or issued by another IAM: whatever the
   * gateway says, a cached token is worth one fresh sign-in, never reuse on every run). False: give
   * up (a fresh token refused, or already renewed once).
   */
  renew(rejectedGeneration: number, rejection: TokenRejection = { code: 'APIGW.0307', tokenExpired: true }): boolean {
    if (rejectedGeneration < this.generation) return true; // another call already renewed it
    if (!TOKEN_REJECTED.has(rejection.code)) return false; // e.g. APIGW.0302, not allowed: a new token is no better
    this.dropCache();
    if (!rejection.tokenExpired && !(rejectedGeneration === 0 && this.fromCache)) return false;
    if (this.renewals >= 1) return false;
    this.renewals++;
    this.generation++;
    this.current = this.load(true);
    return true;
  }

  private dropCache(): void {
    try {
      rmSync(this.path, { force: true });
      this.s.log.debug(`IAM token rejected: removed ${this.path}`);
    } catch (err) {
      this.s.log.debug(`could not remove the rejected IAM token ${this.path}: ${(err as Error).message}`);
    }
  }

  private async load(force: boolean): Promise<IamToken> {
    if (!force) {
      const cached = readCachedToken(this.path, this.s.now(), (m) => this.s.log.warn(m));
      if (cached) {
        this.fromCache = true;
        this.s.secrets.add(cached.token);
        this.s.log.debug(`IAM token from cache ${this.path}, valid until ${new Date(cached.expiresAt).toISOString()}`);
        return cached;
      }
    }
    const token = await exchangePassword(this.s, this.id);
    try {
      writeCachedToken(this.path, token);
      this.s.log.debug(`IAM token cached in ${this.path} until ${new Date(token.expiresAt).toISOString()}`);
    } catch (err) {
      this.s.log.debug(`could not cache the IAM token in ${this.path}: ${(err as Error).message}`);
    }
    return token;
  }
}
