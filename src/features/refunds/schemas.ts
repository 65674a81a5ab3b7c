import { z } from 'zod';
import { COLUMN_IDS, DEFAULT_HIDDEN } from './columns';
import { BULK_LIMIT } from './labels';

/** Inputs of the refunds grid's server actions, validated on the server whatever the client sent. */

/** What the operator saw (the guard compares TikTok and the row with it). */
const expected = z.object({
  marketplaceStatus: z.string().min(1).max(100),
  marketplaceUpdatedAt: z.iso.datetime(),
  decisionAt: z.iso.datetime().nullable(),
});

const note = z.string().trim().max(1000, 'Keep the note under 1000 characters').optional();
const rejectReason = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.-]{1,200}$/, 'Unknown reason')
  .optional();

/** Our row ids are Postgres integers: anything outside 1..2^31-1 names no row. */
const rowId = z
  .number()
  .int()
  .positive()
  .max(2 ** 31 - 1);

export const decideSchema = z.object({
  id: rowId,
  action: z.enum(['complete', 'reject', 'partial']),
  /** A partial refund offer's amount (action `partial`); checked against TikTok's total on the server. */
  partialAmount: z
    .string()
    .trim()
    .regex(/^\d{1,14}(\.\d{1,4})?$/, 'Enter the amount as a number such as 12.50')
    .optional(),
  expected,
  note,
  rejectReason,
  idempotencyKey: z.uuid(),
});

/** Bulk: explicit rows (with what the grid showed), or every row matching a grid query. */
export { BULK_LIMIT };

export const bulkDecideSchema = z.object({
  action: z.enum(['complete', 'reject']),
  target: z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('rows'),
      rows: z
        .array(expected.extend({ id: rowId }))
        .min(1)
        .max(BULK_LIMIT),
    }),
    z.object({ kind: z.literal('query'), query: z.string().max(8000), expectedCount: z.number().int().positive().max(BULK_LIMIT) }),
  ]),
  note,
  rejectReason,
  batchKey: z.uuid(),
});

export const columnsSchema = z
  .object({
    order: z.array(z.enum(COLUMN_IDS)).max(COLUMN_IDS.length),
    hidden: z.array(z.enum(COLUMN_IDS)).max(COLUMN_IDS.length),
    // One line per row by default (about 36 px); comfortable wraps. Layouts saved before it was a choice are compact.
    density: z.enum(['compact', 'comfortable']).default('compact'),
  })
  .transform((value) => ({
    density: value.density,
    // Every column exactly once: unknown ids were refused above, missing ones go at the end
    // (hidden, if the registry hides them by default: a layout saved before they existed stays as it was).
    order: [...new Set([...value.order, ...COLUMN_IDS])],
    hidden: [...new Set([...value.hidden, ...DEFAULT_HIDDEN.filter((id) => !value.order.includes(id))])],
  }));

export type GridColumns = z.infer<typeof columnsSchema>;

export const saveViewSchema = z.object({
  name: z.string().trim().min(1, 'Name the view').max(60, 'Keep the name under 60 characters'),
  query: z.string().max(8000),
  columns: columnsSchema.optional(),
  shared: z.boolean().default(false),
});

export const viewIdSchema = z.object({ id: rowId });
export const refundRowSchema = z.object({ id: rowId });
/** The grid's query string (as in the URL); values the grid does not understand are dropped, as in the URL. */
export const gridQuerySchema = z.object({ query: z.string().max(8000) });
export const bulkReasonsSchema = z.object({ ids: z.array(rowId).min(1).max(BULK_LIMIT) });
export const resolveReviewSchema = z.object({
  id: rowId,
  version: z.number().int().nonnegative(),
  note: z.string().trim().min(1, 'Say what you checked or decided').max(1000, 'Keep the note under 1000 characters'),
});
export const decisionContextSchema = z.object({ id: rowId, action: z.enum(['complete', 'reject']) });
