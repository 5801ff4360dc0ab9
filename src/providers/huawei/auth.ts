import { AuthError } from '../../core/errors.js';
import { sha256Hex } from '../../core/hash.js';
import type { HttpRequest } from '../../core/http.js';
import type { Session } from '../../core/session.js';
import { IamTokenSource, type TokenRejection } from './iam.js';
import { ProjectIdSource } from './projects.js';
import type { AuthMode, HuaweiSettings } from './settings.js';
import { sdkDate, signRequest } from './sign.js';

/** The credentials for one call: the project to address and how to authorize each attempt. */
export interface Grant {
  projectId: string;
  /** Runs per attempt: AK/SK signatures carry a fresh X-Sdk-Date. */
  apply(req: HttpRequest): HttpRequest;
  /** Password mode: which token this was, for renewing after an expired-token answer. */
  generation?: number;
}

export interface Authenticator {
  readonly mode: AuthMode;
  grant(): Promise<Grant>;
  /** After the gateway rejected the grant's token: true when a fresh token is worth one more try. */
  renew(rejected: Grant, rejection: TokenRejection): boolean;
}

/** Where the IAM calls go and which region names the project; resolved only when needed. */
export interface IamContext {
  iamEndpoint(): string;
  region(): string;
}

const withHeaders = (req: HttpRequest, extra: Record<string, string>): HttpRequest => ({ ...req, headers: { ...req.headers, ...extra } });

/**
 * The project id: the configured one, else looked up at IAM by region name with the same
 * credentials (one call, cached on disk), as the official SDKs do.
 */
function projectOf(s: Session, settings: HuaweiSettings, iam: IamContext, principal: string, apply: (req: HttpRequest) => HttpRequest): () => Promise<string> {
  if (settings.projectId) {
    const id = settings.projectId;
    return async () => id;
  }
  let source: ProjectIdSource | null = null;
  return () => {
    source ??= new ProjectIdSource(s, { iamEndpoint: iam.iamEndpoint(), region: iam.region(), principal, apply });
    return source.get();
  };
}

export function createAuthenticator(s: Session, mode: AuthMode, settings: HuaweiSettings, iam: IamContext): Authenticator {
  switch (mode) {
    case 'aksk': {
      const creds = { ak: settings.ak!, sk: settings.sk!, securityToken: settings.securityToken };
      const apply = (req: HttpRequest) => signRequest(req, creds, sdkDate(s.now()));
      const project = projectOf(s, settings, iam, `ak:${creds.ak}`, apply);
      return { mode, grant: async () => ({ projectId: await project(), apply }), renew: () => false };
    }
    case 'token': {
      const apply = (req: HttpRequest) => withHeaders(req, { 'x-auth-token': settings.token! });
      // The token names the principal; its hash keys the cache (the token itself is never stored).
      const project = projectOf(s, settings, iam, `token:${sha256Hex(settings.token!)}`, apply);
      return { mode, grant: async () => ({ projectId: await project(), apply }), renew: () => false };
    }
    case 'password': {
      const source = new IamTokenSource(s, {
        iamEndpoint: iam.iamEndpoint(),
        user: settings.user!,
        password: settings.password!,
        domain: settings.domain!,
        projectId: settings.projectId,
        region: settings.projectId ? settings.region : iam.region(),
      });
      return {
        mode,
        async grant() {
          const { token, generation } = await source.get();
          const projectId = settings.projectId ?? token.projectId;
          if (!projectId) throw new AuthError('IAM issued a token without a project', { code: 'NO_PROJECT', suggestion: 'Set the project id (--project-id or HUAWEICLOUD_SDK_PROJECT_ID)' });
          return { projectId, generation, apply: (req) => withHeaders(req, { 'x-auth-token': token.token }) };
        },
        renew: (rejected, rejection) => source.renew(rejected.generation ?? 0, rejection),
      };
    }
  }
}
