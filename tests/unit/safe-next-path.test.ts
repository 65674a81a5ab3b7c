import { describe, expect, it } from 'vitest';
import { safeNextPath } from '@/features/auth/schemas';
import { HOSTILE_NEXT } from '../fuzz/hostile';

/** Where a browser would go after `Location: <value>` from https://panel.invalid (what an open redirect is about). */
function destination(location: string): URL {
  return new URL(location, 'https://panel.invalid/login');
}

describe('safeNextPath', () => {
  it.each(HOSTILE_NEXT)('keeps %j on the panel, as a header-safe path', (next) => {
    const result = safeNextPath(next);
    expect(result).toMatch(/^\/(?![/\\])[\x21-\x7e]*$/);
    expect(destination(result).origin).toBe('https://panel.invalid');
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
