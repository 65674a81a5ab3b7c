import { z } from 'zod';

/**
 * What the reconciliation pages may ask for, parsed from their URLs: every value validated, anything
 * the schema does not understand falls back to "all" (never an error, never raw into SQL). Dates are
 * YYYY-MM-DD in the store's time zone (STORE_TIMEZONE), both ends included.
 */

const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((text) => !Number.isNaN(Date.parse(`${text}T00:00:00Z`)))
  .optional()
  .catch(undefined);

/** `?account=1&account=4` or `?account=1,4`. */
const accountIds = z
  .preprocess((value) => (typeof value === 'string' ? value.split(',') : value), z.array(z.coerce.number().int().positive()).max(100))
  .optional()
  .catch(undefined);

const currency = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/)
  .optional()
  .catch(undefined);

const limit = z.coerce.number().int().min(1).max(500).default(100).catch(100);
/** Keyset cursor: the id of the last row of the previous page (rows are newest first). */
const before = z.coerce.number().int().positive().optional().catch(undefined);

const PAYMENT_STATUSES = ['PAID', 'PROCESSING', 'FAILED'] as const;

export const statementFiltersSchema = z.object({
  accountIds,
  from: date,
  to: date,
  currency,
  paymentStatus: z.enum(PAYMENT_STATUSES).optional().catch(undefined),
  limit,
  before,
});

export type StatementFilters = z.input<typeof statementFiltersSchema>;

const EXCEPTION_KINDS = ['MissingClawback', 'UnmatchedDeduction', 'AmountDiffers', 'PlatformRefund'] as const;

export const exceptionFiltersSchema = z.object({
  accountIds,
  from: date,
  to: date,
  currency,
  kinds: z
    .preprocess((value) => (typeof value === 'string' ? value.split(',') : value), z.array(z.enum(EXCEPTION_KINDS)).max(EXCEPTION_KINDS.length))
    .optional()
    .catch(undefined),
  limit,
  before,
});

export type ExceptionFilters = z.input<typeof exceptionFiltersSchema>;

export const refundRateFiltersSchema = z.object({ accountIds, from: date, to: date });

export type RefundRateFilters = z.input<typeof refundRateFiltersSchema>;

/** A row id from a link (the Refund Data modal's refund, a statement line). */
export const rowIdSchema = z.coerce.number().int().positive();
