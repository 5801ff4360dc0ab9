import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { addCommonOptions, helpFooter, type CommonOptions } from '../options.js';
import type { SetExit } from '../program.js';
import { PROVIDER_LIST } from '../../providers/index.js';

export function registerDoctor(program: Command, io: CliIo, setExit: SetExit): Command {
  const names = PROVIDER_LIST.filter((p) => p.loadDoctor).map((p) => p.name);
  const cmd = program
    .command('doctor')
    .argument('[service]', `one service to check (${names.join(', ')}, or one of its commands); default: every configured one`)
    .description('check the setup before the first real call: config file, endpoint (DNS, TCP, TLS, proxy), clock skew and credentials, per service');
  addCommonOptions(cmd, ['table', 'json'], ['--output', '--json', '--profile', '--config', '--request-timeout', '--no-color', '--debug']);
  cmd.addHelpText('after', `
For each service whose credentials are set (by any source), or the one named, runs in order, one line
each, stopping that service at its first failure: its settings; for each endpoint, the proxy (HTTPS_PROXY
/ HTTP_PROXY, and whether NO_PROXY covers it), DNS, TCP and TLS (certificate chain, NODE_EXTRA_CA_CERTS),
with timings; the clock against the service's (a warning beyond 1 minute, a failure beyond what the
service allows for a signed timestamp); one cheap signed call that proves the credentials without
touching a task (the line names it, and which auth mode and project were used). Where a gateway locks a
key after a few bad signatures, that call is one request, never retried (the line says so). Before the
services, the config file: where it is, whether it is valid, whether others can read a secret in it.
On a terminal the lines start with ✓, ! or ✗ (coloured unless NO_COLOR); elsewhere with ok, warn or FAIL.
--json prints { "schemaVersion": 1, "checks": [{ "service", "check", "status", "detail", "fix", "ms" }],
"skipped": [...] } (schema/doctor-output.schema.json). Secrets never appear.
` + helpFooter([
    'syncstat doctor',
    `syncstat doctor ${names.at(-1)}`,
    'syncstat doctor --json | jq -r \'.checks[] | select(.status != "ok") | "\\(.service) \\(.check): \\(.detail)"\'',
  ], `Exit codes:
  0    every check passed (warnings allowed)
  2    usage error (unknown service or option)
  3    a configuration or credentials check failed (config file, settings, clock, credentials)
  4    the service answered the credentials call with an API error
  5    a network check failed (DNS, TCP, proxy, TLS, or no answer)`));
  return cmd.action(async (service: string | undefined, opts: CommonOptions) => {
    const { runDoctor } = await import('../../doctor/command.js');
    setExit(await runDoctor(service, opts, io));
  });
}
