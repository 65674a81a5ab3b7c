import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createAccountSchema, ACCOUNT_FIELD_LABELS } from '@/features/accounts/schemas';
import { fieldErrorsOf } from '@/lib/action-result';
import { sentencesFor } from '@/lib/validation-messages';

/** What a form would show next to each field, parsed as the action wrapper parses. */
function errorsOf(schema: z.ZodType, value: unknown, labels = {}) {
  const result = schema.safeParse(value, { error: sentencesFor(labels) });
  return result.success ? {} : fieldErrorsOf(result.error.issues);
}

describe('zod issues as sentences', () => {
  const schema = z
    .object({
      title: z.string().trim().max(200),
      count: z.coerce.number().int().min(1).max(10),
      price: z.coerce.number(),
      email: z.email(),
      site: z.url(),
      color: z.enum(['red', 'green']),
      on: z.boolean(),
      tags: z.array(z.string()).max(2),
      code: z.string().regex(/^[A-Z]{3}$/),
    })
    .strict();
  const labels = { title: 'a title', color: 'a colour', code: 'the currency code', on: 'sharing' };
  const valid = { title: 'x', count: '2', price: '1.5', email: 'a@b.co', site: 'https://x.test', color: 'red', on: true, tags: [], code: 'USD' };

  it('asks for a missing field by its label', () => {
    expect(errorsOf(schema, { ...valid, title: undefined }, labels).title).toBe('Enter a title.');
    expect(errorsOf(schema, { ...valid, color: undefined }, labels).color).toBe('Choose a colour.');
    expect(errorsOf(schema, { ...valid, title: undefined }).title).toBe('Fill in this field.');
  });

  it('says what is wrong with a value, in words', () => {
    const errors = errorsOf(
      schema,
      { title: 'x'.repeat(201), count: '2.5', price: 'soon', email: 'nobody', site: 'not a url', color: 'blue', on: 'yes', tags: ['a', 'b', 'c'], code: 'usd' },
      labels,
    );
    expect(errors).toEqual({
      title: 'Must be at most 200 characters.',
      count: 'Enter a whole number.',
      price: 'Enter a number.',
      email: 'Enter an email address such as name@example.com.',
      site: 'Enter a web address starting with https://.',
      color: 'Choose one of: red, green.',
      on: 'Choose whether sharing is on or off.',
      tags: 'Choose at most 2.',
      code: 'The currency code is not in the expected form.',
    });
    expect(errorsOf(schema, { ...valid, count: '0' }).count).toBe('Must be at least 1.');
    expect(errorsOf(schema, { ...valid, count: '11' }).count).toBe('Must be at most 10.');
    expect(errorsOf(z.object({ pin: z.string().min(4) }), { pin: 'ab' }).pin).toBe('Must be at least 4 characters.');
  });

  it('files a form-level issue under "form" and never shows zod’s own wording', () => {
    const errors = errorsOf(schema, { ...valid, extra: 1 });
    expect(errors.form).toMatch(/^This form sent fields the panel does not know/);
    const all = Object.values(errorsOf(schema, {}, labels));
    expect(all.length).toBeGreaterThan(5);
    for (const message of all) expect(message).toMatch(/^[A-Z].*\.$/);
    expect(all.join(' ')).not.toMatch(/Invalid input|expected string|received undefined/);
  });

  it('keeps a message the schema wrote itself', () => {
    expect(errorsOf(z.object({ n: z.string().min(3, 'Three letters at least.') }), { n: 'a' }).n).toBe('Three letters at least.');
  });

  it('turns the empty Add account form into sentences next to its fields', () => {
    const errors = errorsOf(
      createAccountSchema,
      { apiBaseUrl: 'https://open-api.tiktokglobalshop.com', authBaseUrl: 'https://auth.tiktok-shops.com' },
      ACCOUNT_FIELD_LABELS,
    );
    expect(errors).toEqual({
      name: 'Enter a name for the account.',
      appKey: "Enter the shop's app key.",
      appSecret: "Enter the shop's app secret.",
    });
  });
});
