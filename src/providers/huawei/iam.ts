import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

export function readCachedToken(path: string, now: number): IamToken | null {
  try {
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

/** Writes JSON readable by the owner only (dir 0700, file 0600), atomically: the Huawei caches. */
export function writePrivateJson(path: string, value: unknown): void {
  const dir = join(path, '..');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(value), { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

/**
 * Password-mode tokens for one run: read from the cache or exchanged once, shared by concurrent
 * calls; after an expired-token answer exchanged again at most once.
 */
export class IamTokenSource {
  private current: Promise<IamToken> | null = null;
  private generation = 0;
  private renewals = 0;
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

  /** Drops a rejected token. False when it was already renewed once this run: give up. */
  renew(rejectedGeneration: number): boolean {
    if (rejectedGeneration < this.generation) return true; // another call already renewed it
    if (this.renewals >= 1) return false;
    this.renewals++;
    this.generation++;
    this.current = this.load(true);
    return true;
  }

  private async load(force: boolean): Promise<IamToken> {
    if (!force) {
      const cached = readCachedToken(this.path, this.s.now());
      if (cached) {
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
