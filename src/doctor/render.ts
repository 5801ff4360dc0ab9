import type { Paint } from '../render/paint.js';
import { neutralize } from '../render/safe-text.js';
import type { Check, CheckStatus } from './types.js';

/**
 * On a terminal: ✓ ✗ ! (coloured unless NO_COLOR). Elsewhere (a CI log, a file, a pipe to grep):
 * ASCII words that survive any encoding and read well in a log: ok, warn, FAIL.
 */
const MARKS: Record<'tty' | 'plain', Record<CheckStatus, string>> = {
  tty: { ok: '✓', warn: '!', fail: '✗' },
  plain: { ok: 'ok  ', warn: 'warn', fail: 'FAIL' },
};

/** The report for people: one line per check, then a count. All text is made safe for a terminal. */
export function renderText(checks: readonly Check[], skipped: readonly string[], paint: Paint, tty: boolean): string {
  const colour: Record<CheckStatus, (s: string) => string> = { ok: paint.green, warn: paint.yellow, fail: paint.red };
  const serviceWidth = Math.max(0, ...checks.map((c) => c.service.length));
  const checkWidth = Math.max(0, ...checks.map((c) => c.check.length));
  const lines = checks.map((c) => {
    const mark = colour[c.status](MARKS[tty ? 'tty' : 'plain'][c.status]);
    const ms = c.ms === null ? '' : ` (${c.ms} ms)`;
    const fix = c.fix ? `. Fix: ${c.fix}` : '';
    return `${mark} ${neutralize(`${c.service.padEnd(serviceWidth)}  ${c.check.padEnd(checkWidth)}  ${c.detail}${ms}${fix}`)}`;
  });
  const count = (st: CheckStatus) => checks.filter((c) => c.status === st).length;
  const failures = count('fail');
  const warnings = count('warn');
  const summary = `${count('ok')} passed, ${warnings} warning${warnings === 1 ? '' : 's'}, ${failures} failed`;
  if (skipped.length) lines.push(`not configured (no credentials set), not checked: ${skipped.join(', ')}`);
  lines.push(failures ? paint.red(summary) : warnings ? paint.yellow(summary) : paint.green(summary));
  return lines.join('\n') + '\n';
}

/** `--json`: every check in order (schema/doctor-output.schema.json). */
export function toJson(checks: readonly Check[], skipped: readonly string[]): object {
  return {
    schemaVersion: 1,
    checks: checks.map(({ service, check, status, detail, fix, ms }) => ({ service, check, status, detail, fix, ms })),
    skipped,
  };
}
