import { expect } from '@playwright/test';

/**
 * What every fuzzed answer must be: no 5xx, no error page (Next streams a server error into a page
 * as an RSC error chunk, `E{"digest":…}`, or renders the grid's error screen), and for actions no
 * INTERNAL_ERROR result.
 */
export function expectNoServerError(label: string, status: number, body: string): void {
  expect(status, `${label}: status`).toBeLessThan(500);
  expect(body.includes('E{"digest"'), `${label}: error page`).toBe(false);
  expect(body.includes('The refunds could not be loaded'), `${label}: grid error screen`).toBe(false);
  expect(body.includes('"code":"INTERNAL_ERROR"'), `${label}: INTERNAL_ERROR`).toBe(false);
}

/** Whether an action's answer says it did something (the fingerprint may then change). */
export function accepted(body: string): boolean {
  return /"ok":true/.test(body);
}

/** A short printable label for an input (the report of a failure names it). */
export function label(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…(${text.length})` : text);
}
