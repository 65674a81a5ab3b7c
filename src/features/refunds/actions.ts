'use server';

import { revalidatePath } from 'next/cache';
import { fail } from '@/lib/action-result';
import { defineAction } from '@/server/action';
import { env } from '@/server/config';
import { refundDetail } from './detail';
import { bulkDecide } from './bulk-decide';
import { bulkRejectReasons } from './bulk-reasons';
import { decideRefund } from './decide';
import { decisionContext } from './decision-context';
import { resolveReview } from './review';
import { searchRefunds } from './queries';
import {
  BULK_LIMIT,
  bulkDecideSchema,
  columnsSchema,
  decideSchema,
  bulkReasonsSchema,
  decisionContextSchema,
  refundRowSchema,
  gridQuerySchema,
  resolveReviewSchema,
  saveViewSchema,
  viewIdSchema,
} from './schemas';
import { loadRefundSearch } from './search-params';
import { refundTotals } from './totals';
import { deleteView, saveGridColumns, saveView } from './views';

/** Completed / Reject on one refund (operators and admins): the decision table decides what happens. */
export const decideRefundAction = defineAction(
  { name: 'refund.decide', role: 'operator', input: decideSchema, invalid: 'Check the form.' },
  async (input, { actor }) => {
    const result = await decideRefund(actor, input);
    revalidatePath('/refunds');
    if (!result.ok) return { ok: false, code: result.code, message: result.message, detail: { marketplace: result.marketplace, reasons: result.reasons } };
    return { ok: true, data: result, message: result.message };
  },
);

/** Someone looked at a decision TikTok contradicts and resolves the flag (operators and admins). */
export const resolveReviewAction = defineAction({ name: 'refund.review_resolve', role: 'operator', input: resolveReviewSchema }, async (input, { actor }) => {
  const result = await resolveReview(actor, input);
  revalidatePath('/refunds');
  return result.ok ? { ok: true, data: result, message: 'Resolved.' } : fail(result.code, result.message);
});

/** Completed / Reject on selected rows, or on every row matching the grid's filter (up to BULK_LIMIT). */
export const bulkDecideAction = defineAction(
  { name: 'refund.decide_bulk', role: 'operator', input: bulkDecideSchema, invalid: 'Check the form.' },
  async (input, { actor }) => {
    const { target, ...rest } = input;
    let rows: { id: number; marketplaceStatus: string; marketplaceUpdatedAt: string; decisionAt: string | null }[];
    if (target.kind === 'rows') {
      rows = target.rows;
    } else {
      // "All rows matching the filter": the admin confirmed a count; if it moved, they confirm again.
      const search = { ...loadRefundSearch(target.query), page: 1, size: BULK_LIMIT as 200, cursor: null };
      const page = await searchRefunds(search, env.STORE_TIMEZONE);
      if (page.total > BULK_LIMIT) return fail('TOO_MANY', `${page.total} refunds match; narrow the filter to ${BULK_LIMIT} or fewer.`);
      if (page.total !== target.expectedCount)
        return fail('COUNT_CHANGED', `${page.total} refunds match now, not ${target.expectedCount}; check and confirm again.`);
      rows = page.rows.map((r) => ({ id: r.id, marketplaceStatus: r.marketplaceStatus, marketplaceUpdatedAt: r.updatedAt, decisionAt: r.decisionAt }));
    }
    const results = await bulkDecide(actor, { ...rest, rows });
    revalidatePath('/refunds');
    return { ok: true, data: { results } };
  },
);

/** TikTok's reject reasons for the rows a bulk Reject covers (one reason goes to the whole batch). */
export const bulkRejectReasonsAction = defineAction({ name: 'refund.bulk_reasons', role: 'operator', input: bulkReasonsSchema }, async (input) => ({
  ok: true,
  data: await bulkRejectReasons(input.ids),
}));

/** What the Completed / Reject dialog shows: TikTok's current status, re-read (and stored when it moved). */
export const decisionContextAction = defineAction({ name: 'refund.decision_context', role: 'operator', input: decisionContextSchema }, async (input) => {
  const context = await decisionContext(input.id, input.action);
  return context ? { ok: true, data: context } : fail('NOT_FOUND', 'This refund does not exist (any more).');
});

/** The Refund Data modal's content (viewers and up). */
/** Count and amount per currency of every row matching the grid's filters (all pages). */
export const refundTotalsAction = defineAction({ name: 'refund.totals', role: 'viewer', input: gridQuerySchema }, async (input) => ({
  ok: true,
  data: await refundTotals(loadRefundSearch(input.query), env.STORE_TIMEZONE),
}));

export const refundDetailAction = defineAction({ name: 'refund.detail', role: 'viewer', input: refundRowSchema }, async (input) => {
  const detail = await refundDetail(input.id);
  return detail ? { ok: true, data: detail } : fail('NOT_FOUND', 'This refund does not exist (any more).');
});

/** Remembers the admin's column order and visibility. */
export const saveColumnsAction = defineAction(
  { name: 'grid.columns', role: 'viewer', input: columnsSchema, invalid: 'Unknown columns.' },
  async (input, { user }) => {
    await saveGridColumns(user.id, input);
    return { ok: true, data: null };
  },
);

export const saveViewAction = defineAction({ name: 'view.save', role: 'viewer', input: saveViewSchema }, async (input, { actor, user }) => {
  const result = await saveView(actor, user.role, input);
  if (!result.ok) return fail(result.code, result.message);
  revalidatePath('/refunds');
  return { ok: true, data: { id: result.id }, message: 'View saved.' };
});

export const deleteViewAction = defineAction(
  { name: 'view.delete', role: 'viewer', input: viewIdSchema, invalid: 'Unknown view.' },
  async (input, { actor, user }) => {
    const result = await deleteView(actor, user.role, input.id);
    if (!result.ok) return fail(result.code, result.message);
    revalidatePath('/refunds');
    return { ok: true, data: { id: result.id }, message: 'View deleted.' };
  },
);
