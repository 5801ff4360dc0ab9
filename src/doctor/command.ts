import type { Provider } from '../core/provider.js';
import { didYouMean } from '../core/did-you-mean.js';
import { UsageError } from '../core/errors.js';
import { jsonSafe, neutralize } from '../render/safe-text.js';
import { NO_PAINT } from '../render/paint.js';
import { PROVIDER_LIST, secretSettingKeys } from '../providers/index.js';
import { colourEnabled, createContext, makePaint, type CliContext } from '../cli/context.js';
import { reportFailure } from '../cli/run.js';
import type { CliIo } from '../cli/io.js';
import type { CommonOptions } from '../cli/options.js';
import { checkConfigFile } from './config.js';
import { checkService, doctorExitCode, type ServiceRun } from './run.js';
import { renderText, toJson } from './render.js';
import { fail, type Check } from './types.js';
import { SyncstatError } from '../core/errors.js';

/** The providers with a doctor, and the names each answers to: its own, its commands', its task-list services'. */
function namesOf(p: Provider): string[] {
  return [p.name, ...p.commands.flatMap((c) => [c.name, ...(c.fleet ? [c.fleet.service] : [])])];
}

export function doctorTargets(service: string | undefined): ServiceRun[] {
  const providers = PROVIDER_LIST.filter((p) => p.loadDoctor);
  if (service === undefined) return providers.map((provider) => ({ provider, named: false }));
  const hit = providers.find((p) => namesOf(p).includes(service.toLowerCase()));
  if (hit) return [{ provider: hit, named: true }];
  const all = providers.flatMap(namesOf);
  const near = didYouMean(service, all);
  throw new UsageError(`unknown service "${service.slice(0, 40)}"${near ? ` (did you mean "${near}"?)` : ''}`, { suggestion: `Name one of ${providers.map((p) => p.name).join(', ')} (or a command: ${all.filter((n) => !providers.some((p) => p.name === n)).join(', ')})` });
}

/**
 * `syncstat doctor [service]`: the config file, then each configured service's chain (src/doctor/run.ts).
 * The report on stdout (text, or --json); the first failure's reason on stderr; exit 0, 3 or 5.
 */
export async function runDoctor(service: string | undefined, opts: CommonOptions, io: CliIo): Promise<number> {
  let ctx: CliContext | undefined;
  try {
    const targets = doctorTargets(service);
    const profile = opts.profile ?? io.env.SYNCSTAT_PROFILE ?? 'default';
    const config = await checkConfigFile({ explicitPath: opts.config, cwd: io.cwd, home: io.homedir, env: io.env, profile, secretKeys: secretSettingKeys() });
    const checks: Check[] = [...config.checks];
    const skipped: string[] = [];
    if (config.loaded && !checks.some((c) => c.status === 'fail')) {
      try {
        ctx = await createContext(opts, io, config.loaded);
      } catch (err) {
        if (!(err instanceof SyncstatError) || err.exitCode === 2) throw err;
        checks.push(fail('config', 'general-settings', err.message, err.suggestion ?? null, err.exitCode));
      }
    }
    if (ctx) {
      for (const target of targets) {
        const found = await checkService(ctx.session, target, ctx.general.requestTimeoutMs);
        if (found) checks.push(...found);
        else skipped.push(target.provider.name);
      }
      if (checks.every((c) => c.service === 'config')) {
        checks.push(fail('config', 'services', 'no service has credentials set', `Set one service's credentials (syncstat config shows every setting and its source), or name a service: syncstat doctor ${targets[0].provider.name}`, 3));
      }
    }
    const scrub = (text: string) => (ctx ? ctx.secrets.scrub(text) : text);
    const shown = checks.map((c) => ({ ...c, detail: scrub(c.detail), fix: c.fix === null ? null : scrub(c.fix) }));
    const json = opts.json || opts.output === 'json' || (opts.output === undefined && ctx?.general.output === 'json');
    if (json) io.stdout.write(jsonSafe(JSON.stringify(toJson(shown, skipped), null, 2)) + '\n');
    else io.stdout.write(renderText(shown, skipped, ctx?.paint ?? (colourEnabled(io.env, io.stdoutIsTTY, opts.color) ? await makePaint(true) : NO_PAINT), io.stdoutIsTTY));
    const first = shown.find((c) => c.status === 'fail');
    if (first) io.stderr.write(neutralize(`syncstat: error: ${first.service} ${first.check}: ${first.detail}${first.fix ? `. ${first.fix}` : ''}`) + '\n');
    return doctorExitCode(shown);
  } catch (err) {
    return reportFailure(err, io, Boolean(opts.debug), ctx);
  } finally {
    await ctx?.close().catch(() => {});
  }
}
