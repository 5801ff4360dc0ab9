import type { DoctorHooks, DoctorPlan } from '../../core/provider.js';
import type { Session } from '../../core/session.js';
import { normalizeEndpoint } from '../../core/endpoint.js';
import { ApiError, AuthError } from '../../core/errors.js';
import { dateHeaderClock } from '../../doctor/clock.js';
import { createUCloudClient, traceUCloudSettings } from './client.js';

/** A task id of the right shape that no account has: UDTS answers "not found" only to a caller it accepted. */
export const PROBE_TASK_ID = 'udts-syncstatdoctorprobe0';
/** UCloud's "project does not exist": the project id setting, not the key pair, is wrong. */
const NO_PROJECT = '292';
/** Answered before the signature is checked (no Action, no Signature): they prove nothing. */
const BEFORE_SIGNATURE = new Set(['160', '170']);

/**
 * UCloud: the clock from the Date header of an unsigned `GET /` (UCloud's signatures carry no time, so
 * skew only warns); the credentials by GetUDTSTaskStatus of a task id that cannot exist. The gateway
 * checks the signature and key first (RetCode 171/172/...: exit 3); "task not found" means they passed.
 */
export const UCLOUD_DOCTOR: DoctorHooks = {
  configured: (s) => {
    const t = traceUCloudSettings(s);
    return Boolean(t.publicKey.value || t.privateKey.value);
  },
  plan(s: Session): DoctorPlan {
    const traced = traceUCloudSettings(s);
    const endpoint = normalizeEndpoint(traced.endpoint, { what: 'UCloud endpoint', example: 'https://api.ucloud.cn' });
    const client = createUCloudClient(s);
    const project = traced.projectId.value ? `project ${traced.projectId.value} (${traced.projectId.source})` : 'no project id (the account\'s default project)';
    return {
      settings: `endpoint ${endpoint} (${traced.endpoint.source}); public key from ${traced.publicKey.source}, private key from ${traced.privateKey.source}; ${project}`,
      endpoints: [{ what: 'UCloud endpoint', url: endpoint }],
      clock: (s) => dateHeaderClock(s, `${endpoint}/`, 'the Date header of GET /'),
      credentialsCall: `GetUDTSTaskStatus of ${PROBE_TASK_ID}, a task id that cannot exist (signed; touches no task)`,
      async credentials() {
        try {
          const reply = await client.call({ Action: 'GetUDTSTaskStatus', TaskId: PROBE_TASK_ID, ...(client.projectId ? { ProjectId: client.projectId } : {}) });
          return `the key pair is accepted (RetCode ${String(reply.body.RetCode)})`;
        } catch (err) {
          if (err instanceof ApiError && err.code === NO_PROJECT) {
            throw new AuthError(`the key pair is accepted, but UCloud knows no such project: ${err.message}`, { code: err.code, requestId: err.requestId, suggestion: `Check the project id (${traced.projectId.source})` });
          }
          // Any other answer about the task (RetCode 230 "not found" and the like) came after the signature check.
          if (err instanceof ApiError && !BEFORE_SIGNATURE.has(err.code)) return `the key pair is accepted (UDTS answered: ${err.message})`;
          throw err;
        }
      },
    };
  },
};
