/** One line of `syncstat doctor`: what was checked for which service, what was found, how to fix it. */
export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface Check {
  /** A provider's name, or "config" for the config file (shared by every service). */
  service: string;
  /** config-file, config-schema, config-permissions, config-profile, settings, proxy, dns, tcp, tunnel, tls, clock, credentials. */
  check: string;
  status: CheckStatus;
  detail: string;
  fix: string | null;
  /** How long the check took (network checks), else null. */
  ms: number | null;
  /** A failure's exit code (3 configuration or credentials, 4 an API error, 5 network); not printed. */
  exitCode?: number;
}

export const ok = (service: string, check: string, detail: string, ms: number | null = null): Check => ({ service, check, status: 'ok', detail, fix: null, ms });
export const warn = (service: string, check: string, detail: string, fix: string | null, ms: number | null = null): Check => ({ service, check, status: 'warn', detail, fix, ms });
export const fail = (service: string, check: string, detail: string, fix: string | null, exitCode: number, ms: number | null = null): Check => ({ service, check, status: 'fail', detail, fix, ms, exitCode });
