import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/core/duration.js';
import { mostSevere } from '../../src/core/exit-codes.js';
import { UsageError, NetworkError, AuthError } from '../../src/core/errors.js';
import { MAX_IDS, quoteId, validateIds } from '../../src/core/ids.js';
import { backoffDelay, DEFAULT_RETRY, parseRetryAfter, withRetries } from '../../src/core/retry.js';
import { addSecretNames, redactBody, redactHeaders, redactUrl, SecretRegistry } from '../../src/core/secrets.js';
import { secretNames } from '../../src/providers/index.js';
import { interpolate, isSecretFileTooOpen, traceSettings } from '../../src/core/config.js';
import { mapLimit } from '../../src/core/pool.js';
import { taskStateAt } from '../../src/sim/timeline.js';

describe('durations', () => {
  it.each([['500ms', 500], ['10s', 10_000], ['1.5m', 90_000], ['1h30m', 5_400_000], ['5', 5000]])('parses %s', (text, ms) => expect(parseDuration(text)).toBe(ms));
  it.each(['', 'soon', '10x', '5s extra', '-1s'])('rejects %j as a usage error', (text) => expect(() => parseDuration(text)).toThrow(UsageError));
  it.each([[672, '672ms'], [4200, '4.2s'], [15_000, '15s'], [185_000, '3m05s'], [3_720_000, '1h02m']])('formats %d', (ms, text) => expect(formatDuration(ms)).toBe(text));
});

describe('exit code severity', () => {
  it('ranks credentials over network over API errors over failed tasks', () => {
    expect(mostSevere([1, 4, 5, 3])).toBe(3);
    expect(mostSevere([1, 4, 5])).toBe(5);
    expect(mostSevere([1, 4])).toBe(4);
    expect(mostSevere([0, 1])).toBe(1);
    expect(mostSevere([])).toBe(0);
  });
});

describe('id validation', () => {
  const rules = { noun: 'replication id', pattern: /^rp-[a-z0-9]{12}$/, example: 'rp-div0t0awwobr' };
  it('rejects an empty list, empty ids, unsafe characters and duplicates', () => {
    expect(() => validateIds([], rules)).toThrow(/no replication id given/);
    expect(() => validateIds([''], rules)).toThrow(/malformed/);
    expect(() => validateIds(['rp-a b'], rules)).toThrow(/malformed/);
    expect(() => validateIds(['rp-a&x=1'], rules)).toThrow(/malformed/);
    expect(() => validateIds(['rp-aaaaaaaaaaaa', 'rp-aaaaaaaaaaaa'], rules)).toThrow(/duplicate replication id: rp-aaaaaaaaaaaa/);
  });
  it('only warns on an unusual shape: the service is the judge of its ids', () => {
    expect(validateIds(['rp-short'], rules)).toEqual(['rp-short does not look like a replication id (usually /^rp-[a-z0-9]{12}$/); querying it anyway'.replace('/^rp-[a-z0-9]{12}$/', '^rp-[a-z0-9]{12}$')]);
    expect(validateIds(['rp-aaaaaaaaaaaa'], rules)).toEqual([]);
    expect(() => validateIds(['.hidden'], rules)).toThrow(UsageError);
    expect(() => validateIds(['rp/../x'], rules)).toThrow(UsageError);
  });
  it('quotes at most 40 characters of a bad id, names at most 5, and takes at most 10,000 ids', () => {
    const huge = `rp-${'x'.repeat(300_000)}`;
    const err = (() => {
      try {
        validateIds([huge], rules);
      } catch (e) {
        return e as UsageError;
      }
    })()!;
    expect(err.message).toBe(`malformed replication id: "${huge.slice(0, 40)}"… (300003 bytes)`);
    expect(err.toLine().length).toBeLessThan(300);
    expect(() => validateIds(['a b', 'c d', 'e f', 'g h', 'i j', 'k l', 'm n'], rules)).toThrow(/^malformed replication ids: "a b", "c d", "e f", "g h", "i j" and 2 more$/);
    expect(quoteId('rp-1')).toBe('"rp-1"');
    expect(() => validateIds(Array.from({ length: MAX_IDS + 1 }, (_, i) => `rp-${i}`), rules)).toThrow(/^10001 replication ids given; at most 10,000 in one run$/);
    expect(validateIds(Array.from({ length: MAX_IDS }, (_, i) => `rp-${i}`), rules)).toEqual([...Array.from({ length: 5 }, (_, i) => expect.stringMatching(new RegExp(`^rp-${i} does not look like`))), '9995 more replication ids do not look like that either; querying them anyway']);
  });
});

describe('retries', () => {
  const deps = (slept: number[]) => ({ sleep: async (ms: number) => void slept.push(ms), random: () => 0.5, now: () => 0, log: () => {} });

  it('retries retryable errors with full-jitter backoff, honouring Retry-After', async () => {
    const slept: number[] = [];
    let calls = 0;
    const value = await withRetries(async () => {
      calls++;
      if (calls === 1) throw new NetworkError('429', { retryAfterMs: 2000 });
      if (calls === 2) throw new NetworkError('503');
      return 'ok';
    }, DEFAULT_RETRY, deps(slept));
    expect(value).toBe('ok');
    expect(slept).toEqual([2000, backoffDelay(1, undefined, DEFAULT_RETRY, () => 0.5)]);
  });

  it('never retries a rejected credential', async () => {
    let calls = 0;
    await expect(withRetries(async () => { calls++; throw new AuthError('bad signature'); }, DEFAULT_RETRY, deps([]))).rejects.toThrow(AuthError);
    expect(calls).toBe(1);
  });

  it('gives up after the configured retries', async () => {
    let calls = 0;
    await expect(withRetries(async () => { calls++; throw new NetworkError('down'); }, { ...DEFAULT_RETRY, retries: 2 }, deps([]))).rejects.toThrow('down');
    expect(calls).toBe(3);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('3', 0)).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(parseRetryAfter(undefined, 0)).toBeUndefined();
  });
});

describe('secret redaction', () => {
  it('scrubs registered secrets from any text', () => {
    const s = new SecretRegistry();
    s.add('super-secret-value');
    expect(s.scrub('key=super-secret-value!')).toBe('key=***!');
  });
  it('redacts credential headers, query fields and JSON keys', () => {
    // The providers' names (their secret settings and wire names) come from the registry, as src/cli adds them.
    addSecretNames(secretNames());
    expect(redactHeaders({ signature: 'abc', 'x-auth-token': 't', accept: 'json' })).toEqual({ signature: '***', 'x-auth-token': '***', accept: 'json' });
    expect(redactHeaders({ Authorization: 'SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=abcdef' }).Authorization).toBe('SDK-HMAC-SHA256 Access=***, SignedHeaders=host, Signature=***');
    expect(redactUrl('https://h/?Action=X&Signature=abc&PublicKey=pk')).toBe('https://h/?Action=X&Signature=***&PublicKey=***');
    expect(redactBody('{"auth":{"password":"p"}}')).toBe('{"auth":{"password":"***"}}');
  });
});

describe('settings', () => {
  const table = { endpoint: { key: 'endpoint', env: ['E'], flag: 'endpoint', default: 'https://d' }, key: { key: 'key', env: ['K1', 'K2'] } } as const;
  it('takes flags over env over file over vendor file over defaults, and says which', () => {
    const vendor = { path: '~/.vendor/credentials', values: { endpoint: 'https://v', key: 'vk' } };
    const trace = (input: Partial<Parameters<typeof traceSettings>[1]>) => traceSettings(table, { flags: {}, env: {}, file: {}, filePath: '/p/.statusrc.json', ...input });
    expect(trace({ flags: { endpoint: 'https://f' }, env: { E: 'https://e' }, file: { endpoint: 'https://c' } }).endpoint).toEqual({ value: 'https://f', source: 'flag --endpoint' });
    expect(trace({ env: { E: 'https://e' }, file: { endpoint: 'https://c' } }).endpoint).toEqual({ value: 'https://e', source: 'env E' });
    expect(trace({ file: { endpoint: 'https://c' }, vendor }).endpoint).toEqual({ value: 'https://c', source: 'config /p/.statusrc.json' });
    expect(trace({ vendor }).endpoint).toEqual({ value: 'https://v', source: '~/.vendor/credentials' });
    expect(trace({}).endpoint).toEqual({ value: 'https://d', source: 'default' });
    expect(trace({ env: { K1: '', K2: 'two' } }).key).toEqual({ value: 'two', source: 'env K2' });
    expect(trace({}).key).toEqual({ value: undefined, source: 'not set' });
  });
  it('interpolates ${NAME} from the environment and names a missing one', () => {
    expect(interpolate('${A}-x', { A: 'a' }, 'k', 'f')).toBe('a-x');
    expect(() => interpolate('${MISSING}', {}, 'profiles.default.ninedata.accessKeySecret', '.statusrc')).toThrow(/references \$\{MISSING\}, which is not set/);
  });
});

describe('pool', () => {
  it('keeps order and the concurrency limit', async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 3, 2, 4], 2, async (n) => {
      peak = Math.max(peak, ++inFlight);
      await new Promise((r) => setTimeout(r, n));
      inFlight--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 30, 20, 40]);
    expect(peak).toBe(2);
  });
});

describe('simulator timelines', () => {
  const task = { stage: 'x', timeline: [{ for: 2, status: 'a' }, { for: 4, status: 'b', percent: { from: 0, to: 100 } }] };
  it('plays steps in order, ramps values and holds the last step', () => {
    expect(taskStateAt(task, 1000)).toEqual({ stage: 'x', status: 'a' });
    expect(taskStateAt(task, 4000)).toEqual({ stage: 'x', status: 'b', percent: 50 });
    expect(taskStateAt(task, 60_000)).toEqual({ stage: 'x', status: 'b', percent: 100 });
  });
});

describe('secret files open to others', () => {
  it('counts a secret written as a number as a literal secret, a ${NAME} reference not', () => {
    const dir = mkdtempSync(join(tmpdir(), 'syncstat-open-'));
    const file = join(dir, '.statusrc.yaml');
    writeFileSync(file, '');
    chmodSync(file, 0o644);
    const keys = new Set(['accessKeySecret', 'sk']);
    const withSecret = (v: unknown) => isSecretFileTooOpen(file, { profiles: { default: { ninedata: { accessKeySecret: v } } } }, keys);
    expect(withSecret(123456)).toBe(true);
    expect(withSecret('literal')).toBe(true);
    expect(withSecret('${ND_SECRET}')).toBe(false);
    expect(withSecret(null)).toBe(false);
    chmodSync(file, 0o600);
    expect(withSecret(123456)).toBe(false);
  });
});
