import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuthError, NetworkError } from '../../core/errors.js';
import { sha256Hex } from '../../core/hash.js';
import type { HttpRequest } from '../../core/http.js';
import { callApi, type Session } from '../../core/session.js';
import { interpretHuawei } from './errors.js';
import { writePrivateJson } from './iam.js';

/**
 * The project id of a region, looked up as the official SDKs do when only AK/SK (or a token) and a
 * region are configured: one `GET {iam}/v3/projects?name={region}`, authorized like any other call.
 */
export interface ProjectLookup {
  iamEndpoint: string;
  region: string;
  /** Who asks: the AK id, or a hash of the token. Part of the cache key; never the secret key. */
  principal: string;
  /** Signs (or adds the token to) the request. */
  apply(req: HttpRequest): HttpRequest;
}

interface ProjectsBody {
  projects?: Array<{ id?: unknown; name?: unknown }> | null;
}

/** One cache file per IAM endpoint, principal and region, beside the IAM token cache. */
export function projectCachePath(cacheDir: string, l: Pick<ProjectLookup, 'iamEndpoint' | 'principal' | 'region'>): string {
  const key = sha256Hex(['project', l.iamEndpoint, l.principal, l.region].join('\n')).slice(0, 24);
  return join(cacheDir, 'huawei', `project-${key}.json`);
}

export function readCachedProject(path: string, region: string): string | null {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { projectId?: unknown; region?: unknown };
    return typeof parsed.projectId === 'string' && parsed.projectId !== '' && parsed.region === region ? parsed.projectId : null;
  } catch {
    return null;
  }
}

/** Asks IAM for the project named after the region. Exactly one must match. */
export async function lookupProjectId(s: Session, l: ProjectLookup): Promise<string> {
  const url = `${l.iamEndpoint}/v3/projects?${new URLSearchParams({ name: l.region })}`;
  const base: HttpRequest = { method: 'GET', url, headers: { 'content-type': 'application/json' } };
  const reply = await callApi(s, () => l.apply(base), (res) => interpretHuawei<ProjectsBody>(res, s.now(), 'IAM'));
  const projects = reply.data.projects;
  if (!Array.isArray(projects)) throw new NetworkError('IAM answered the project lookup without a projects list', { code: 'BAD_SHAPE', requestId: reply.requestId, retryable: false });
  const ids = projects.filter((p) => p && p.name === l.region && typeof p.id === 'string' && p.id !== '').map((p) => p!.id as string);
  const hint = 'Set the project id (--project-id, HUAWEICLOUD_SDK_PROJECT_ID or profiles.<p>.huawei.projectId)';
  if (ids.length === 0) throw new AuthError(`IAM knows no project named "${l.region}" for these credentials`, { code: 'NO_PROJECT', requestId: reply.requestId, suggestion: `Check --region, or ${hint.toLowerCase()}` });
  if (ids.length > 1) throw new AuthError(`IAM lists ${ids.length} projects named "${l.region}"`, { code: 'AMBIGUOUS_PROJECT', requestId: reply.requestId, suggestion: hint });
  return ids[0];
}

/** The project id from the cache, else from IAM (then cached, owner-only). Shared by concurrent calls. */
export class ProjectIdSource {
  private current: Promise<string> | null = null;
  private readonly path: string;

  constructor(
    private readonly s: Session,
    private readonly lookup: ProjectLookup,
  ) {
    this.path = projectCachePath(s.cacheDir, lookup);
  }

  get(): Promise<string> {
    this.current ??= this.load();
    return this.current;
  }

  private async load(): Promise<string> {
    const cached = readCachedProject(this.path, this.lookup.region);
    if (cached) {
      this.s.log.debug(`huawei: project id ${cached} for ${this.lookup.region} from cache ${this.path}`);
      return cached;
    }
    const id = await lookupProjectId(this.s, this.lookup);
    this.s.log.debug(`huawei: project id ${id} for ${this.lookup.region} from IAM ${this.lookup.iamEndpoint}`);
    try {
      writePrivateJson(this.path, { projectId: id, region: this.lookup.region, iamEndpoint: this.lookup.iamEndpoint });
    } catch (err) {
      this.s.log.debug(`could not cache the project id in ${this.path}: ${(err as Error).message}`);
    }
    return id;
  }
}
