import { describe, expect, it } from 'vitest';
import { safeNextPath } from '@/features/auth/schemas';
import { hasRole } from '@/lib/roles';
import { contentSecurityPolicy, expectedOrigin, parseEmbedOrigins, sameOrigin, securityHeaders } from '@/lib/security-headers';

describe('security headers', () => {
  it('forbids framing unless embedding origins are configured, and then allows exactly those', () => {
    expect(contentSecurityPolicy('abc', [])).toContain("frame-ancestors 'none'");
    expect(securityHeaders('abc', { embedOrigins: [], https: false })['X-Frame-Options']).toBe('DENY');
    const embedded = securityHeaders('abc', { embedOrigins: ['https://admin.store.com'], https: true });
    expect(embedded['Content-Security-Policy']).toContain('frame-ancestors https://admin.store.com');
    expect(embedded['X-Frame-Options']).toBeUndefined();
    expect(embedded['Strict-Transport-Security']).toMatch(/max-age=31536000/);
  });

  it('accepts only https origins (or local http) for embedding', () => {
    expect(parseEmbedOrigins('https://a.example.com, https://b.example.com')).toEqual({
      origins: ['https://a.example.com', 'https://b.example.com'],
      invalid: [],
    });
    expect(parseEmbedOrigins('http://evil.example *  https://x.example/path').invalid).toEqual(['http://evil.example', '*', 'https://x.example/path']);
  });

  it('puts the nonce on scripts and styles, and nothing inline otherwise', () => {
    const csp = contentSecurityPolicy('n0nce', []);
    expect(csp).toContain("script-src 'self' 'nonce-n0nce' 'strict-dynamic'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
  });

  it('treats a missing, foreign or malformed Origin as cross-site', () => {
    const local = expectedOrigin(undefined, 'http://127.0.0.1:3000');
    expect(sameOrigin('http://127.0.0.1:3000', local)).toBe(true);
    expect(sameOrigin('https://refunds.example.com', expectedOrigin('https://refunds.example.com/', 'http://internal:3000'))).toBe(true);
    expect(sameOrigin(null, local)).toBe(false);
    expect(sameOrigin('null', local)).toBe(false);
    expect(sameOrigin('https://evil.example', local)).toBe(false);
    // The whole origin, not the host: another scheme or port is another origin.
    expect(sameOrigin('https://127.0.0.1:3000', local)).toBe(false);
    expect(sameOrigin('http://127.0.0.1:3001', local)).toBe(false);
    expect(sameOrigin('http://refunds.example.com', expectedOrigin('https://refunds.example.com', 'http://internal:3000'))).toBe(false);
    expect(sameOrigin('http://internal:3000', expectedOrigin('https://refunds.example.com', 'http://internal:3000'))).toBe(false);
  });
});

describe('sign-in redirects and roles', () => {
  it('only returns to same-site paths', () => {
    expect(safeNextPath('/refunds?status=Pending')).toBe('/refunds?status=Pending');
    for (const bad of ['//evil.example', 'https://evil.example', '/\\evil.example', '/login', undefined, '']) expect(safeNextPath(bad)).toBe('/refunds');
  });

  it('ranks roles, and treats unknown roles as none', () => {
    expect(hasRole('admin', 'operator')).toBe(true);
    expect(hasRole('operator', 'operator')).toBe(true);
    expect(hasRole('viewer', 'operator')).toBe(false);
    expect(hasRole('superuser', 'viewer')).toBe(false);
    expect(hasRole(null, 'viewer')).toBe(false);
  });
});
