import { describe, expect, it } from 'vitest';
import type { LoadedConfig } from '../../src/core/config.js';
import { AuthError, UsageError } from '../../src/core/errors.js';
import { chooseOutput, resolveGeneralSettings, type GeneralFlags } from '../../src/core/general-settings.js';

const FILE = '/home/u/.statusrc.yaml';
const file = (config: Record<string, unknown>): LoadedConfig => ({ filepath: FILE, config });
const NONE: LoadedConfig = { filepath: null, config: {} };

describe('resolveGeneralSettings', () => {
  it('has defaults when nothing is set: no output, no overall timeout, 10s requests, 3 retries, 8 at once', () => {
    expect(resolveGeneralSettings({}, {}, NONE)).toEqual({
      output: undefined,
      timeoutMs: undefined,
      requestTimeoutMs: 10_000,
      retries: 3,
      concurrency: 8,
      sources: { output: 'default', timeout: 'default', requestTimeout: 'default', retries: 'default', concurrency: 'default' },
    });
  });

  // [what, flags, env, config file, expected values, expected sources]
  const precedence: Array<[string, GeneralFlags, Record<string, string>, Record<string, unknown>, Record<string, unknown>, Record<string, string>]> = [
    ['config file', {}, {}, { output: 'tsv', timeout: '5m', requestTimeout: 30, retries: 0, concurrency: 2 },
      { output: 'tsv', timeoutMs: 300_000, requestTimeoutMs: 30_000, retries: 0, concurrency: 2 },
      { output: `config ${FILE}: output`, timeout: `config ${FILE}: timeout`, requestTimeout: `config ${FILE}: requestTimeout`, retries: `config ${FILE}: retries`, concurrency: `config ${FILE}: concurrency` }],
    ['env over file', {}, { SYNCSTAT_OUTPUT: 'ndjson', SYNCSTAT_TIMEOUT: '1h', SYNCSTAT_REQUEST_TIMEOUT: '2s', SYNCSTAT_RETRIES: '5', SYNCSTAT_CONCURRENCY: '16' },
      { output: 'tsv', timeout: '5m', requestTimeout: '30s', retries: 0, concurrency: 2 },
      { output: 'ndjson', timeoutMs: 3_600_000, requestTimeoutMs: 2000, retries: 5, concurrency: 16 },
      { output: 'env SYNCSTAT_OUTPUT', timeout: 'env SYNCSTAT_TIMEOUT', requestTimeout: 'env SYNCSTAT_REQUEST_TIMEOUT', retries: 'env SYNCSTAT_RETRIES', concurrency: 'env SYNCSTAT_CONCURRENCY' }],
    ['flags over env', { output: 'table', timeout: '90s', requestTimeout: '500ms', retries: '1', concurrency: '64' },
      { SYNCSTAT_OUTPUT: 'ndjson', SYNCSTAT_TIMEOUT: '1h', SYNCSTAT_REQUEST_TIMEOUT: '2s', SYNCSTAT_RETRIES: '5', SYNCSTAT_CONCURRENCY: '16' }, {},
      { output: 'table', timeoutMs: 90_000, requestTimeoutMs: 500, retries: 1, concurrency: 64 },
      { output: 'flag --output', timeout: 'flag --timeout', requestTimeout: 'flag --request-timeout', retries: 'flag --retries', concurrency: 'flag --concurrency' }],
    ['--json over env and file', { json: true }, { SYNCSTAT_OUTPUT: 'tsv' }, { output: 'table' }, { output: 'json' }, { output: 'flag --json' }],
    ['an empty env var counts as unset', {}, { SYNCSTAT_RETRIES: '', SYNCSTAT_OUTPUT: '' }, { retries: 7 }, { retries: 7, output: undefined }, { retries: `config ${FILE}: retries`, output: 'default' }],
  ];
  it.each(precedence)('takes flags > env > config file > default: %s', (_what, flags, env, config, values, sources) => {
    const got = resolveGeneralSettings(flags, env, file(config));
    expect(got).toMatchObject(values);
    expect(got.sources).toMatchObject(sources);
  });

  // [what, flags, env, config file, error class, message]
  const bad: Array<[string, GeneralFlags, Record<string, string>, Record<string, unknown>, typeof UsageError | typeof AuthError, string]> = [
    ['flag, not a count', { retries: 'lots' }, {}, {}, UsageError, 'invalid --retries "lots". Use a whole number from 0 to 10'],
    ['flag, out of range', { concurrency: '0' }, {}, {}, UsageError, '--concurrency must be from 1 to 64. Use a whole number from 1 to 64'],
    ['flag, not a duration', { timeout: 'soon' }, {}, {}, UsageError, 'invalid --timeout "soon". Use a duration more than 0: 500ms, 10s, 5m, 1h30m or a bare number of seconds'],
    ['flag, zero duration', { requestTimeout: '0s' }, {}, {}, UsageError, '--request-timeout must be more than 0. Use a duration more than 0: 500ms, 10s, 5m, 1h30m or a bare number of seconds'],
    ['env, not a count', {}, { SYNCSTAT_RETRIES: 'lots' }, {}, AuthError, 'invalid SYNCSTAT_RETRIES "lots". Use a whole number from 0 to 10, or unset SYNCSTAT_RETRIES'],
    ['env, zero duration', {}, { SYNCSTAT_TIMEOUT: '0' }, {}, AuthError, 'SYNCSTAT_TIMEOUT must be more than 0 (it is "0"). Use a duration more than 0: 500ms, 10s, 5m, 1h30m or a bare number of seconds, or unset SYNCSTAT_TIMEOUT'],
    ['env, unknown format', {}, { SYNCSTAT_OUTPUT: 'xml' }, {}, AuthError, 'invalid SYNCSTAT_OUTPUT "xml". Use one of table, wide, json, ndjson, tsv, junit, github, yaml, openmetrics, prometheus, or unset SYNCSTAT_OUTPUT'],
    ['file, not a count', {}, {}, { retries: 'lots' }, AuthError, `${FILE}: invalid value for "retries": "lots" (expected a whole number from 0 to 10)`],
    ['file, fraction', {}, {}, { concurrency: 2.5 }, AuthError, `${FILE}: invalid value for "concurrency": 2.5 (expected a whole number from 1 to 64)`],
    ['file, wrong type', {}, {}, { timeout: true }, AuthError, `${FILE}: invalid value for "timeout": true (expected a duration more than 0: 500ms, 10s, 5m, 1h30m or a bare number of seconds)`],
    ['file, zero duration', {}, {}, { requestTimeout: '0ms' }, AuthError, `${FILE}: invalid value for "requestTimeout": "0ms" (expected a duration more than 0: 500ms, 10s, 5m, 1h30m or a bare number of seconds)`],
    ['file, an object', {}, {}, { retries: { n: 3 } }, AuthError, `${FILE}: invalid value for "retries": an object (expected a whole number from 0 to 10)`],
    ['file, unknown format', {}, {}, { output: 'xml' }, AuthError, `${FILE}: invalid value for "output": "xml" (expected one of table, wide, json, ndjson, tsv, junit, github, yaml, openmetrics, prometheus)`],
  ];
  it.each(bad)('names where a bad value was written: %s', (_what, flags, env, config, kind, message) => {
    let caught: unknown;
    try {
      resolveGeneralSettings(flags, env, file(config));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(kind);
    const err = caught as UsageError;
    expect(err.toLine().startsWith(message), err.toLine()).toBe(true);
    expect(err.exitCode).toBe(kind === UsageError ? 2 : 3);
    if (kind === AuthError) expect(err.code).toBe('CONFIG');
    // A flag that was not passed is never blamed.
    if (!Object.keys(flags).length) expect(err.toLine()).not.toMatch(/--/);
  });

  it('never parses a lower-precedence value once a higher one is set', () => {
    expect(resolveGeneralSettings({ retries: '2' }, { SYNCSTAT_RETRIES: 'lots' }, file({ retries: 'lots' })).retries).toBe(2);
  });
});

describe('chooseOutput', () => {
  const cases: Array<[string | undefined, string[] | undefined, boolean, string]> = [
    [undefined, ['table', 'json'], true, 'table'],
    [undefined, ['table', 'json'], false, 'json'],
    ['tsv', ['table', 'json', 'ndjson', 'tsv'], true, 'tsv'],
    // junit set for precheck, while running status: the command's own default.
    ['junit', ['table', 'json', 'ndjson', 'tsv'], false, 'json'],
    ['junit', ['table', 'json', 'ndjson', 'tsv'], true, 'table'],
    ['junit', undefined, false, 'junit'],
  ];
  it.each(cases)('%s with choices %j on a terminal: %s -> %s', (output, formats, tty, expected) => {
    expect(chooseOutput(output, formats, tty)).toBe(expected);
  });
});
