import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { noProxyEntry, routeOf } from '../../src/doctor/proxy.js';

// NO_PROXY as undici's EnvHttpProxyAgent reads it (the requests' transport): the doctor's `proxy` line
// must say what the requests will really do.
const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/);
const hostname = fc.array(label, { minLength: 2, maxLength: 4 }).map((l) => l.join('.'));

describe('NO_PROXY matching', () => {
  it('a host is covered by its own name and by every parent domain, with or without "." or "*.", in any case', () => {
    fc.assert(
      fc.property(hostname, fc.nat(), fc.constantFrom('', '.', '*.'), fc.boolean(), (host, cut, prefix, upper) => {
        const labels = host.split('.');
        const parent = labels.slice(cut % (labels.length - 1)).join('.');
        const entry = `${prefix}${upper ? parent.toUpperCase() : parent}`;
        expect(noProxyEntry(`other.example, ${entry}`, host, 443)).toBe(entry);
      }),
    );
  });

  it('a suffix that does not end at a dot covers nothing; a port-qualified entry covers only that port', () => {
    fc.assert(
      fc.property(hostname, fc.integer({ min: 1, max: 65535 }), (host, port) => {
        expect(noProxyEntry(`x${host}`, host, 443)).toBeUndefined();
        if (!host.slice(1).startsWith('.')) expect(noProxyEntry(host.slice(1), host, 443)).toBeUndefined();
        expect(noProxyEntry(`${host}:${port}`, host, port)).toBe(`${host}:${port}`);
        expect(noProxyEntry(`${host}:${port}`, host, port === 1 ? 2 : port - 1)).toBeUndefined();
        expect(noProxyEntry('*', host, port)).toBe('*');
      }),
    );
  });

  it('routes: the scheme picks the variable; NO_PROXY wins; an empty variable is unset', () => {
    const url = new URL('https://api.example.com/');
    expect(routeOf({ HTTPS_PROXY: 'http://p:3128' }, url).proxy?.name).toBe('HTTPS_PROXY');
    expect(routeOf({ HTTP_PROXY: 'http://p:3128' }, url).proxy?.name).toBe('HTTP_PROXY');
    expect(routeOf({ HTTPS_PROXY: 'http://p:3128', NO_PROXY: 'example.com' }, url)).toEqual({ bypassedBy: 'example.com' });
    expect(routeOf({ HTTPS_PROXY: '' }, url)).toEqual({});
    expect(routeOf({ HTTPS_PROXY: 'http://p:3128' }, new URL('http://api.example.com/'))).toEqual({});
  });
});
