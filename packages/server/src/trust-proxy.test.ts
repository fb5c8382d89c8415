import { describe, expect, it } from 'vitest';
import { parseTrustProxy } from './trust-proxy.js';

describe('EXAMROOM_TRUST_PROXY', () => {
  it('is off unless set', () => {
    for (const value of [undefined, '', ' ', 'false', 'FALSE']) expect(parseTrustProxy(value)).toBe(false);
  });

  it('trusts every hop only when told true', () => {
    expect(parseTrustProxy('true')).toBe(true);
  });

  it('takes the proxies’ addresses and CIDRs, and proxy-addr’s named ranges', () => {
    expect(parseTrustProxy('10.0.0.5')).toEqual(['10.0.0.5']);
    expect(parseTrustProxy(' 10.0.0.0/8 , ::1, 2001:db8::/32,loopback ')).toEqual(['10.0.0.0/8', '::1', '2001:db8::/32', 'loopback']);
  });

  it('refuses a hop count, which Fastify would silently ignore, and anything that is not an address', () => {
    expect(() => parseTrustProxy('1')).toThrow(/hop count/);
    for (const value of ['yes', '10.0.0.300', '10.0.0.0/33', '::1/129', 'proxy.example.edu', '10.0.0.1/8/1', '10.0.0.0/']) {
      expect(() => parseTrustProxy(value), value).toThrow(/EXAMROOM_TRUST_PROXY/);
    }
  });
});
