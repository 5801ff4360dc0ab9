import { describe, expect, it } from 'vitest';
import { Logger, MAX_LINE } from '../../src/core/log.js';
import { MIN_SECRET_LENGTH, redactUrl, redactUserinfo, SecretRegistry } from '../../src/core/secrets.js';
import { UNSAFE_CHAR } from '../../src/render/safe-text.js';

describe('SecretRegistry (diagnostics only)', () => {
  it('ignores values too short to be unambiguous', () => {
    const s = new SecretRegistry();
    s.add('running');
    s.add('x'.repeat(MIN_SECRET_LENGTH - 1));
    expect(s.scrub('status running xxxxxxx')).toBe('status running xxxxxxx');
  });

  it('hides a secret as written, JSON-escaped, URL-encoded and form-encoded', () => {
    const secret = 'pa"ss\\w0rd/é 1';
    const s = new SecretRegistry();
    s.add(secret);
    const text = [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret), new URLSearchParams({ p: secret }).toString().slice(2)].join(' | ');
    expect(s.scrub(text)).toBe('*** | *** | *** | ***');
    expect(s.scrub(JSON.stringify({ message: `bad ${secret}` }))).toBe('{"message":"bad ***"}');
  });
});

describe('URL userinfo', () => {
  it('redacts the password of any URL in a line, keeping the user', () => {
    expect(redactUserinfo('proxy https://bob:s3cr:et@proxy:8080/x and http://a:b@h')).toBe('proxy https://bob:***@proxy:8080/x and http://a:***@h');
    expect(redactUserinfo('https://host/path?x=a:b@c')).toBe('https://host/path?x=a:b@c');
    expect(redactUrl('https://u:p@h/a?Signature=abc&x=1')).toBe('https://u:***@h/a?Signature=***&x=1');
  });

  it('stays linear on a long line', () => {
    const line = 'a'.repeat(1 << 20) + '://' + 'b'.repeat(1 << 20);
    expect(redactUserinfo(line)).toBe(line);
  });
});

describe('Logger', () => {
  const logger = (debug = true) => {
    const out: string[] = [];
    const secrets = new SecretRegistry();
    secrets.add('hunter2-secret');
    const log = new Logger({ write: (t: string) => out.push(t) }, secrets, debug, { dim: (s) => `<dim>${s}</dim>`, yellow: (s) => `<y>${s}</y>`, red: (s) => `<r>${s}</r>` });
    return { out, log };
  };

  it('writes every line as one line of safe text, colour added after', () => {
    const { out, log } = logger();
    log.error('rp-1 failed (\x1b[2Jboom\n::error::forged\u202e)');
    log.warn('odd \x9b status');
    log.info('x\r\n::add-mask::y');
    log.debug('GET http://u:pw@h hunter2-secret');
    expect(out).toEqual([
      '<r>error: </r>rp-1 failed (\\x1b[2Jboom⏎::error::forged\\u202e)\n',
      '<y>warning: odd \\x9b status</y>\n',
      'x⏎::add-mask::y\n',
      '<dim>[debug] GET http://u:***@h ***</dim>\n',
    ]);
    for (const line of out) expect(line.slice(0, -1)).not.toMatch(UNSAFE_CHAR);
  });

  it('cuts a diagnostic line of server text to MAX_LINE columns', () => {
    const { out, log } = logger();
    log.error('x'.repeat(1 << 20));
    expect(out[0].length).toBeLessThan(MAX_LINE + 40);
  });
});
