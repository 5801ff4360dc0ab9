import type { Command } from 'commander';
import { didYouMean } from '../../core/did-you-mean.js';
import { EXIT } from '../../core/exit-codes.js';
import type { CliIo } from '../io.js';
import { addCommonOptions, helpFooter, type CommonOptions } from '../options.js';
import type { SetExit } from '../program.js';
import { runWithContext } from '../run.js';
import { PROVIDER_LIST } from '../../providers/index.js';

export function registerConfig(program: Command, io: CliIo, setExit: SetExit): Command {
  const cmd = program
    .command('config')
    .description('show the general settings and those each service would use, and where each comes from (secrets hidden)');
  addCommonOptions(cmd, ['table', 'json'], ['--output', '--json', '--profile', '--config', '--no-color', '--debug']);
  cmd.addHelpText('after', configHelp());
  suggestOwnOptions(cmd);
  return cmd.action(async (opts: CommonOptions) => {
    setExit(await runWithContext(opts, io, async (ctx) => {
      const [{ collectSettings }, { renderSettings }, { jsonSafe }, { PROVIDER_LIST }] = await Promise.all([import('../../core/settings-report.js'), import('../../render/settings.js'), import('../../render/safe-text.js'), import('../../providers/index.js')]);
      const report = await collectSettings(ctx.session, ctx.general, PROVIDER_LIST);
      // Secrets are never in the report (a secret setting shows only whether it is set; URL passwords are redacted).
      ctx.io.stdout.write(ctx.output === 'json' ? jsonSafe(JSON.stringify(report, null, 2)) + '\n' : await renderSettings(report, ctx.paint));
      return EXIT.ok;
    }));
  });
}

/**
 * commander's did-you-mean also weighs the program's own flags, so `config --region` suggested
 * --version. config takes few options: suggest one of them, or list them.
 */
function suggestOwnOptions(cmd: Command): void {
  (cmd as unknown as { unknownOption(flag: string): void }).unknownOption = (flag) => {
    const own = cmd.options.flatMap((o) => (o.long && !o.hidden ? [o.long] : []));
    const near = flag.startsWith('--') ? didYouMean(flag.slice(2), own.map((f) => f.slice(2))) : undefined;
    cmd.error(`error: unknown option '${flag}' (${near ? `Did you mean --${near}?` : `config takes ${own.join(', ')}`})`, { code: 'commander.unknownOption' });
  };
}

/** What `config --help` says, from the registry: the vendor files read, the auth modes shown. */
function configHelp(): string {
  const files = PROVIDER_LIST.flatMap((p) => (p.vendorFiles ? [p.vendorFiles] : []));
  const withModes = PROVIDER_LIST.filter((p) => p.authModes);
  const modes = withModes.map((p) => `the ${p.authModes!.title} auth mode commands would use (${p.authModes!.modes.join(', ')} or none) and why`);
  return `
First the general settings (output, timeout, requestTimeout, retries, concurrency: flag, SYNCSTAT_* variable, config file key, default), then each service's (its own concurrency too: SYNCSTAT_<SERVICE>_CONCURRENCY or profiles.<profile>.<service>.concurrency). Sources, highest first: flag, environment variable, config file (profiles.<profile>.<service>.<key>), the vendor's own CLI/SDK credentials${files.length ? ` (${files.join(', ')})` : ''}, default. Secret settings show only whether they are set; a \${NAME} in the file that is not set shows as unset.${modes.length ? ` Last, ${modes.join('; ')}.` : ''}\n` + helpFooter([
    'syncstat config',
    'syncstat config --profile prod',
    `syncstat config --json | jq -r '.settings[] | select(.provider == "${PROVIDER_LIST[0].name}") | "\\(.setting) \\(.source)"'`,
    ...withModes.map((p) => `syncstat config --json | jq -r '.${p.name}Auth.mode'`),
  ], `Exit codes:
  0    settings shown (missing and unset ones included)
  3    the config file or a vendor credentials file cannot be read, or holds a bad value`);
}
