import { AuthError } from '../../core/errors.js';
import type { HttpRequest } from '../../core/http.js';
import type { Session } from '../../core/session.js';
import { IamTokenSource } from './iam.js';
import type { AuthMode, HuaweiSettings } from './settings.js';
import { sdkDate, signRequest } from './sign.js';

/** The credentials for one call: the project to address and how to authorize each attempt. */
export interface Grant {
  projectId: string;
  /** Runs per attempt: AK/SK signatures carry a fresh X-Sdk-Date. */
  apply(req: HttpRequest): HttpRequest;
  /** Password mode: which token this was, for renewing after APIGW.0307. */
  generation?: number;
}

export interface Authenticator {
  readonly mode: AuthMode;
  grant(): Promise<Grant>;
  /** After APIGW.0307: true when a fresh token is worth one more try. */
  renew(rejected: Grant): boolean;
}

const withHeaders = (req: HttpRequest, extra: Record<string, string>): HttpRequest => ({ ...req, headers: { ...req.headers, ...extra } });

export function createAuthenticator(s: Session, mode: AuthMode, settings: HuaweiSettings, iamEndpoint: () => string): Authenticator {
  switch (mode) {
    case 'aksk': {
      const creds = { ak: settings.ak!, sk: settings.sk!, securityToken: settings.securityToken };
      const grant: Grant = { projectId: settings.projectId!, apply: (req) => signRequest(req, creds, sdkDate(s.now())) };
      return { mode, grant: async () => grant, renew: () => false };
    }
    case 'token': {
      const grant: Grant = { projectId: settings.projectId!, apply: (req) => withHeaders(req, { 'x-auth-token': settings.token! }) };
      return { mode, grant: async () => grant, renew: () => false };
    }
    case 'password': {
      const source = new IamTokenSource(s, {
        iamEndpoint: iamEndpoint(),
        user: settings.user!,
        password: settings.password!,
        domain: settings.domain!,
        projectId: settings.projectId,
        region: settings.region,
      });
      return {
        mode,
        async grant() {
          const { token, generation } = await source.get();
          const projectId = settings.projectId ?? token.projectId;
          if (!projectId) throw new AuthError('IAM issued a token without a project', { code: 'NO_PROJECT', suggestion: 'Set the project id (--project-id or HUAWEICLOUD_SDK_PROJECT_ID)' });
          return { projectId, generation, apply: (req) => withHeaders(req, { 'x-auth-token': token.token }) };
        },
        renew: (rejected) => source.renew(rejected.generation ?? 0),
      };
    }
  }
}
