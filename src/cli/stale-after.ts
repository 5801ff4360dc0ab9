import { parseDuration } from '../core/duration.js';
import { AuthError, UsageError } from '../core/errors.js';
import type { CliContext } from './context.js';

/**
 * --stale-after, else SYNCSTAT_STALE_AFTER, else the config file's staleAfter, else undefined (the
 * default of src/core/freshness.ts, 5m). A wait and `syncstat serve` read it alike. A bad flag is a
 * usage error (exit 2); a bad env or file value a configuration error (exit 3), named where it was set.
 */
export function resolveStaleAfter(ctx: CliContext, flag: string | undefined): number | undefined {
  const allowed = 'a duration more than 0, e.g. 5m';
  if (flag !== undefined) {
    const ms = parseDuration(flag, '--stale-after');
    if (ms <= 0) throw new UsageError('--stale-after must be more than 0', { suggestion: 'e.g. --stale-after 10m' });
    return ms;
  }
  const env = ctx.session.env.SYNCSTAT_STALE_AFTER;
  const file = ctx.session.config.config.staleAfter;
  const [raw, where, fix] =
    env !== undefined && env !== ''
      ? [env, 'SYNCSTAT_STALE_AFTER', `Use ${allowed}, or unset SYNCSTAT_STALE_AFTER`]
      : file !== undefined && file !== null && file !== ''
        ? [String(file), `${ctx.session.config.filepath ?? 'the config file'}: staleAfter`, `Use ${allowed}`]
        : [undefined, '', ''];
  if (raw === undefined) return undefined;
  let ms = NaN;
  try {
    ms = parseDuration(raw);
  } catch {
    // reported below, where it was set
  }
  if (!(ms > 0)) throw new AuthError(`invalid ${where} "${raw}"`, { code: 'CONFIG', suggestion: fix });
  return ms;
}
