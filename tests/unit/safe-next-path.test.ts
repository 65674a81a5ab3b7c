import { describe, expect, it } from 'vitest';
import { safeNextPath } from '@/features/auth/schemas';

/** Where a browser would go after `Location: <value>` from https://panel.example (what an open redirect is about). */
function destination(location: string): URL {
  return new URL(location, 'https://panel.example/login');
}

/** Hostile `next` values: other sites in every spelling a browser forgives, and what breaks a Location header. */
export const HOSTILE_NEXT = [
  '//evil.example',
  '//evil.example/x',
  '///evil.example',
  '////evil.example/x',
  '/\\evil.example',
  '/\\/evil.example',
  '\\\\evil.example',
  '\\/evil.example',
  '/%09/evil.example/x',
  '/\t/evil.example/x',
  '/%0a/evil.example',
  '/\n/evil.example',
  '/%0d%0a/evil.example',
  '/\r\n/evil.example',
  '/%2f/evil.example',
  '/%2F%2Fevil.example',
  '/%5c/evil.example',
  '/%5C%5Cevil.example',
  '/%252f%252fevil.example',
  '/%25%32%66/evil.example',
  '/%00/evil.example',
  '/\u0000/evil.example',
  '/\u007f/evil.example',
  '/\u0085/evil.example',
  'https://evil.example',
  'http://evil.example/refunds',
  'javascript:alert(1)',
  ' /\t/evil.example',
  'evil.example',
  '/.//evil.example',
  '/refunds\nSet-Cookie: x=1',
  '/refunds\r\nLocation: https://evil.example',
  '/refunds\u3000x',
  '/refunds?q=a\u3000b',
  '/refunds\u2028',
  '/%E0%A4%A',
  '/login',
  '/login?next=//evil.example',
  `/${'a'.repeat(5000)}`,
  '',
];

describe('safeNextPath', () => {
  it.each(HOSTILE_NEXT)('keeps %j on the panel, as a header-safe path', (next) => {
    const result = safeNextPath(next);
    expect(result).toMatch(/^\/(?![/\\])[\x21-\x7e]*$/);
    expect(destination(result).origin).toBe('https://panel.example');
    expect(destination(result).pathname.startsWith('/login')).toBe(false);
  });

  it('keeps same-origin paths, their query and hash, percent-encoding what is not ASCII', () => {
    expect(safeNextPath('/refunds')).toBe('/refunds');
    expect(safeNextPath('/refunds?status=Pending&page=2#top')).toBe('/refunds?status=Pending&page=2#top');
    expect(safeNextPath('/audit?actor=ana%40shop.test')).toBe('/audit?actor=ana%40shop.test');
    expect(safeNextPath('/refunds?q=ü')).toBe('/refunds?q=%C3%BC');
    expect(safeNextPath('/refunds?q=a%20b')).toBe('/refunds?q=a%20b');
    expect(safeNextPath(undefined)).toBe('/refunds');
    expect(safeNextPath('//evil.example', '/accounts')).toBe('/accounts');
  });
});
