import { describe, expect, it } from 'vitest';
import { resolveClientAddress } from '@/server/auth/client-address';

describe('the client address', () => {
  it('is the socket address by default: X-Forwarded-For is never believed', () => {
    expect(resolveClientAddress('203.0.113.9', '10.9.9.9', undefined)).toBe('203.0.113.9');
    expect(resolveClientAddress('::ffff:203.0.113.9', null, undefined)).toBe('203.0.113.9');
    expect(resolveClientAddress('2001:DB8::1', '1.2.3.4', undefined)).toBe('2001:db8::1');
    expect(resolveClientAddress(null, '1.2.3.4', undefined)).toBeNull();
    expect(resolveClientAddress('not an address', '1.2.3.4', undefined)).toBeNull();
  });

  it('walks X-Forwarded-For from the socket past the trusted proxies only', () => {
    const trusted = { ranges: ['10.0.0.0/8', '192.0.2.7'] };
    // A client spoofing a colleague's address in front of the real proxy: the proxy appended the real one.
    expect(resolveClientAddress('10.0.0.2', '198.51.100.1, 203.0.113.5', trusted)).toBe('203.0.113.5');
    expect(resolveClientAddress('192.0.2.7', '203.0.113.5, 10.1.1.1', trusted)).toBe('203.0.113.5');
    // Straight to the panel, not through a proxy: the header is the client's own word.
    expect(resolveClientAddress('203.0.113.5', '198.51.100.1', trusted)).toBe('203.0.113.5');
    // Every hop trusted: the farthest is the client; a malformed hop ends the walk at the last trusted one.
    expect(resolveClientAddress('10.0.0.2', '10.0.0.3', trusted)).toBe('10.0.0.3');
    expect(resolveClientAddress('10.0.0.2', 'garbage', trusted)).toBe('10.0.0.2');
    expect(resolveClientAddress('10.0.0.2', '[2001:db8::5]', trusted)).toBe('2001:db8::5');
  });

  it('takes the address that many hops from the socket with a hop count', () => {
    expect(resolveClientAddress('10.0.0.2', '198.51.100.1, 203.0.113.5', { hops: 1 })).toBe('203.0.113.5');
    expect(resolveClientAddress('10.0.0.2', '198.51.100.1, 203.0.113.5', { hops: 2 })).toBe('198.51.100.1');
    expect(resolveClientAddress('10.0.0.2', null, { hops: 1 })).toBe('10.0.0.2');
    expect(resolveClientAddress('10.0.0.2', 'junk, 203.0.113.5', { hops: 2 })).toBe('203.0.113.5');
  });
});
