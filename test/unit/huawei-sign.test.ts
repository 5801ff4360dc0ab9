import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalQuery, canonicalUri, enc, parseAuthorization, parseSdkDate, sdkDate, signRequest } from '../../src/providers/huawei/sign.js';

interface Vector {
  name: string;
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body: string;
  date: string;
  signedHeaders: string;
  signature: string;
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/huawei-vectors.json', import.meta.url), 'utf8')) as { ak: string; sk: string; vectors: Vector[] };
const creds = { ak: fixture.ak, sk: fixture.sk };

describe('Huawei SDK-HMAC-SHA256 signer', () => {
  it('has the three documented vectors', () => {
    expect(fixture.vectors).toHaveLength(3);
  });

  it.each(fixture.vectors)('reproduces $name', (v) => {
    const signed = signRequest({ method: v.method, url: v.url, headers: v.headers, body: v.body || undefined }, creds, v.date);
    expect(signed.headers!.authorization).toBe(`SDK-HMAC-SHA256 Access=${fixture.ak}, SignedHeaders=${v.signedHeaders}, Signature=${v.signature}`);
    expect(signed.headers!['x-sdk-date']).toBe(v.date);
    // The canonical URI ends in "/", the request itself does not.
    expect(signed.url).toBe(v.url);
    expect(new URL(signed.url).pathname.endsWith('/')).toBe(false);
  });

  it('changes the signature when anything signed changes', () => {
    const v = fixture.vectors[2];
    const sign = (over: Partial<Vector>) => signRequest({ method: v.method, url: v.url, headers: v.headers, body: v.body, ...over } as never, creds, over.date ?? v.date).headers!.authorization;
    const base = sign({});
    expect(sign({ body: v.body.replace('jb21"]', 'jb22"]') })).not.toBe(base);
    expect(sign({ date: '20240102T030406Z' })).not.toBe(base);
    expect(sign({ url: v.url.replace('drs.', 'drs2.') })).not.toBe(base);
    expect(sign({ headers: { ...v.headers, 'X-Project-Id': 'ffffffffffffffffffffffffffffffff' } })).not.toBe(base);
    // Unsigned headers do not matter.
    expect(sign({ headers: { ...v.headers, 'User-Agent': 'x' } })).toBe(base);
  });

  it('signs X-Security-Token for temporary credentials', () => {
    const v = fixture.vectors[1];
    const signed = signRequest({ method: 'GET', url: v.url, headers: v.headers }, { ...creds, securityToken: 'temporary-token-value' }, v.date);
    expect(signed.headers!['x-security-token']).toBe('temporary-token-value');
    expect(parseAuthorization(signed.headers!.authorization)!.signedHeaders).toEqual(['content-type', 'host', 'x-language', 'x-project-id', 'x-sdk-date', 'x-security-token']);
  });

  it('never sends header values with surrounding whitespace', () => {
    const signed = signRequest({ method: 'GET', url: 'https://h.example.com/v3/p', headers: { 'X-Language': ' en-us ' } }, creds, '20240102T030405Z');
    expect(signed.headers!['x-language']).toBe('en-us');
  });

  it('encodes like the gateway: unreserved bytes kept, the rest %XX in upper case', () => {
    expect(enc("a-_.~Z9 /!'()*é")).toBe('a-_.~Z9%20%2F%21%27%28%29%2A%C3%A9');
    expect(canonicalUri('/v3/p/jobs/batch-status')).toBe('/v3/p/jobs/batch-status/');
    expect(canonicalUri('/v1/a%20b/')).toBe('/v1/a%20b/');
    expect(canonicalQuery(new URLSearchParams('offset=0&limit=10&a=%2F'))).toBe('a=%2F&limit=10&offset=0');
    expect(canonicalQuery(new URLSearchParams(''))).toBe('');
  });

  it('formats and parses X-Sdk-Date', () => {
    expect(sdkDate(Date.parse('2024-01-02T03:04:05.678Z'))).toBe('20240102T030405Z');
    expect(parseSdkDate('20240102T030405Z')).toBe(Date.parse('2024-01-02T03:04:05Z'));
    expect(parseSdkDate('2024-01-02T03:04:05Z')).toBeNaN();
  });
});
