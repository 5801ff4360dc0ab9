import { Agent, request } from 'node:https';

/** node:https and TLS, in a module of their own so they load only on the first https URL. */
export function httpsScheme(): { request: typeof request; agent: Agent } {
  return { request, agent: new Agent({ keepAlive: true }) };
}
