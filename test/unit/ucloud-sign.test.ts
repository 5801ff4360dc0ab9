import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { signedParams, signUCloud, stringToSign } from '../../src/providers/ucloud/sign.js';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/ucloud-vectors.json', import.meta.url), 'utf8'));

describe('UCloud signing, beyond the vectors', () => {
  it('builds the documented string to sign for the third vector', () => {
    const params = signedParams(fixture.vectors[2].params, fixture.publicKey, fixture.privateKey);
    expect(stringToSign(params, fixture.privateKey)).toBe(fixture.signedStringOfThird);
  });

  it('holds every documented vector, the unicode one included', () => {
    expect(fixture.vectors).toHaveLength(5);
    expect(fixture.vectors.map((v: { params: { Action: string } }) => v.params.Action)).toContain('Foo');
  });

  it('sorts by code unit, case-sensitively, and ignores a Signature already present', () => {
    expect(stringToSign({ foo: '1', PublicKey: 'p', CPU: '2', ChargeType: 'x' }, 'K')).toBe('CPU2ChargeTypexPublicKeypfoo1K');
    const params = { Action: 'A', PublicKey: 'p' };
    expect(signUCloud({ ...params, Signature: 'stale' }, 'K')).toBe(signUCloud(params, 'K'));
  });

  it('signs what is sent: empty optional parameters are dropped, not signed as empty', () => {
    const sent = signedParams({ Action: 'GetUDTSTaskStatus', TaskId: 'udts-ixdp441', ProjectId: undefined, Region: undefined, Type: undefined }, fixture.publicKey, fixture.privateKey);
    expect(Object.keys(sent).sort()).toEqual(['Action', 'PublicKey', 'Signature', 'TaskId']);
    expect(sent.Signature).toBe(fixture.vectors[1].signature);
  });

  it('signs values unescaped while the form body escapes them', () => {
    const sent = signedParams(fixture.vectors[4].params, fixture.publicKey, fixture.privateKey);
    const body = new URLSearchParams(sent).toString();
    expect(body).not.toContain('é&=+');
    expect(Object.fromEntries(new URLSearchParams(body))).toEqual(sent);
  });
});
