import fc from 'fast-check';

/**
 * Hostile inputs for the fuzz suite (tests/e2e/fuzz.spec.ts, tests/integration/fuzz-cli.test.ts)
 * and the unit tests: fixed lists of what broke the panel before or breaks web apps in general,
 * and fast-check generators around them. Generated values come from a fixed seed, so a failure
 * names an input that fails again. Hosts are `.invalid` (RFC 2606): nothing here is ever dialled.
 */

/** Fixed seed: the same inputs every run (a new seed is one edit away when hunting for more). */
const SEED = 13;

/** Text PostgreSQL refuses, or that breaks parsers, headers, SQL, HTML or paths. */
export const HOSTILE_TEXT = [
  '\u0000',
  'a\u0000b',
  '%00',
  '\ud800',
  'x\udfff',
  '\u202e\u0000rtl',
  '\r\nSet-Cookie: x=1',
  '\u3000',
  '\u200b',
  "' OR 1=1 --",
  '"; DROP TABLE refunds; --',
  '\\',
  '%',
  '%%',
  '%E0%A4%A',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '{{7*7}}',
  '${7*7}',
  '$Q1',
  '$@1',
  '$h1',
  '__proto__',
  'constructor',
  'toString',
  'null',
  'undefined',
  'NaN',
  '-1',
  '0',
  '1.5',
  '1e309',
  '0x10',
  '2147483648',
  '9007199254740993',
  '-2147483649',
  '',
  ' ',
  '👍🏽'.repeat(50),
  'x'.repeat(10_000),
] as const;

/** Numbers out of every range the panel accepts (ids are 1..2^31-1). */
export const HOSTILE_NUMBERS = [0, -1, 1.5, 2 ** 31, 2 ** 31 + 1, 2 ** 40, 2 ** 53, -(2 ** 31) - 1, 1e308] as const;

/** `next` values that would leave the panel or break a Location header (tests/unit/safe-next-path.test.ts). */
export const HOSTILE_NEXT = [
  '//evil.invalid',
  '//evil.invalid/x',
  '///evil.invalid',
  '////evil.invalid/x',
  '/\\evil.invalid',
  '/\\/evil.invalid',
  '\\\\evil.invalid',
  '\\/evil.invalid',
  '/%09/evil.invalid/x',
  '/\t/evil.invalid/x',
  '/%0a/evil.invalid',
  '/\n/evil.invalid',
  '/%0d%0a/evil.invalid',
  '/\r\n/evil.invalid',
  '/%2f/evil.invalid',
  '/%2F%2Fevil.invalid',
  '/%5c/evil.invalid',
  '/%5C%5Cevil.invalid',
  '/%252f%252fevil.invalid',
  '/%25%32%66/evil.invalid',
  '/%00/evil.invalid',
  '/\u0000/evil.invalid',
  '/\u007f/evil.invalid',
  '/\u0085/evil.invalid',
  'https://evil.invalid',
  'http://evil.invalid/refunds',
  'javascript:alert(1)',
  ' /\t/evil.invalid',
  'evil.invalid',
  '/.//evil.invalid',
  '/refunds\nSet-Cookie: x=1',
  '/refunds\r\nLocation: https://evil.invalid',
  '/refunds\u3000x',
  '/refunds?q=a\u3000b',
  '/refunds\u2028',
  '/%E0%A4%A',
  '/login',
  '/login?next=//evil.invalid',
  `/${'a'.repeat(5000)}`,
  '',
] as const;

/** Any of the above, or a generated string of any code units (lone surrogates and controls included). */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_TEXT) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('\u0000', '%', '\\', '/', '.', '$', '\ud800', 'a', '1', ' ', '\n'), maxLength: 20 }) },
  { weight: 1, arbitrary: fc.integer({ min: -(2 ** 40), max: 2 ** 40 }).map(String) },
);

/** A value of any JSON kind, hostile where it can be. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileText },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_NUMBERS) },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}) },
  { weight: 1, arbitrary: fc.array(hostileText, { maxLength: 3 }) },
);

/** Field names every action and form of the panel reads, and a few they never do. */
export const FIELD_NAMES = [
  'id',
  'ids',
  'userId',
  'runId',
  'accountIds',
  'email',
  'password',
  'name',
  'role',
  'active',
  'next',
  'query',
  'shared',
  'columns',
  'order',
  'hidden',
  'action',
  'note',
  'version',
  'expected',
  'target',
  'appKey',
  'appSecret',
  'writeBack',
  'serviceId',
  'environment',
  'apiBaseUrl',
  'webhookUrl',
  'channel',
  '__proto__',
  'constructor',
] as const;

/** An object of hostile values under names the panel reads (always at least one, never a valid input by design). */
export const hostileObject: fc.Arbitrary<Record<string, unknown>> = fc.dictionary(fc.constantFrom(...FIELD_NAMES), hostileValue, { minKeys: 1, maxKeys: 5 });

/** `count` values of an arbitrary, the same ones every run. */
export function sample<T>(arbitrary: fc.Arbitrary<T>, count: number, offset = 0): T[] {
  return fc.sample(arbitrary, { seed: SEED + offset, numRuns: count });
}
