'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { AUTH_MESSAGES, fail, fieldErrorsOf, type ActionResult } from '@/lib/action-result';
import { env } from '@/server/config';
import { actorOf, authorizeAction } from '@/server/auth/current-user';
import { logError } from '@/server/log';
import { bulkDecide, decideRefund, type DecisionResult } from './mutations';
import { searchRefunds } from './queries';
import { BULK_LIMIT, bulkDecideSchema, columnsSchema, decideSchema, saveViewSchema, viewIdSchema, type GridColumns } from './schemas';
import { loadRefundSearch } from './search-params';
import { deleteView, saveGridColumns, saveView } from './views';

type DecisionFailure = Extract<DecisionResult, { ok: false }>;

/** Completed / Reject on one refund (operators and admins). */
export async function decideRefundAction(input: z.input<typeof decideSchema>): Promise<ActionResult<Extract<DecisionResult, { ok: true }>, DecisionFailure['code']> & { detail?: Pick<DecisionFailure, 'marketplace' | 'reasons'> }> {
  const gate = await authorizeAction('operator', input?.action === 'reject' ? 'refund.reject' : 'refund.complete');
  if (!gate.ok) return fail(gate.code, AUTH_MESSAGES[gate.code]);
  const parsed = decideSchema.safeParse(input);
  if (!parsed.success) return fail('INVALID_INPUT', 'Check the form.', fieldErrorsOf(parsed.error.issues));
  try {
    const result = await decideRefund(actorOf(gate.user), parsed.data);
    revalidatePath('/refunds');
    if (!result.ok) return { ...fail(result.code, result.message), detail: { marketplace: result.marketplace, reasons: result.reasons } };
    return { ok: true, data: result, message: result.wroteBack ? `Marked ${result.status === 'Refund' ? 'Completed' : 'Rejected'} and sent to TikTok.` : `Marked ${result.status === 'Refund' ? 'Completed' : 'Rejected'}.` };
  } catch (error) {
    logError('refund.decide_failed', { error });
    return fail('INTERNAL_ERROR', AUTH_MESSAGES.INTERNAL_ERROR);
  }
}

/** Completed / Reject on selected rows, or on every row matching the grid's filter (up to BULK_LIMIT). */
export async function bulkDecideAction(input: z.input<typeof bulkDecideSchema>): Promise<ActionResult<{ results: DecisionResult[] }, 'TOO_MANY' | 'COUNT_CHANGED'>> {
  const gate = await authorizeAction('operator', input?.action === 'reject' ? 'refund.reject.bulk' : 'refund.complete.bulk');
  if (!gate.ok) return fail(gate.code, AUTH_MESSAGES[gate.code]);
  const parsed = bulkDecideSchema.safeParse(input);
  if (!parsed.success) return fail('INVALID_INPUT', 'Check the form.', fieldErrorsOf(parsed.error.issues));
  const { target, ...rest } = parsed.data;
  try {
    let rows: { refundId: number; version: number; marketplaceStatus: string; marketplaceUpdatedAt: string }[];
    if (target.kind === 'rows') {
      rows = target.rows;
    } else {
      // "All rows matching the filter": the admin confirmed a count; if it moved, they confirm again.
      const search = { ...loadRefundSearch(target.query), page: 1, size: BULK_LIMIT as 200, cursor: null };
      const page = await searchRefunds(search, env.STORE_TIMEZONE);
      if (page.total > BULK_LIMIT) return fail('TOO_MANY', `${page.total} refunds match; narrow the filter to ${BULK_LIMIT} or fewer.`);
      if (page.total !== target.expectedCount) return fail('COUNT_CHANGED', `${page.total} refunds match now, not ${target.expectedCount}; check and confirm again.`);
      rows = page.rows.map((r) => ({ refundId: r.id, version: r.version, marketplaceStatus: r.marketplaceStatus, marketplaceUpdatedAt: r.updatedAt }));
    }
    const results = await bulkDecide(actorOf(gate.user), { ...rest, rows });
    revalidatePath('/refunds');
    return { ok: true, data: { results } };
  } catch (error) {
    logError('refund.bulk_failed', { error });
    return fail('INTERNAL_ERROR', AUTH_MESSAGES.INTERNAL_ERROR);
  }
}

/** Remembers the admin's column order and visibility. */
export async function saveColumnsAction(input: GridColumns): Promise<ActionResult> {
  const gate = await authorizeAction('viewer', 'grid.columns');
  if (!gate.ok) return fail(gate.code, AUTH_MESSAGES[gate.code]);
  const parsed = columnsSchema.safeParse(input);
  if (!parsed.success) return fail('INVALID_INPUT', 'Unknown columns.');
  await saveGridColumns(gate.user.id, parsed.data);
  return { ok: true, data: null };
}

export async function saveViewAction(input: z.input<typeof saveViewSchema>): Promise<ActionResult<{ id: number }, 'NAME_TAKEN' | 'NOT_FOUND' | 'NOT_OWNER'>> {
  const gate = await authorizeAction('viewer', 'view.save');
  if (!gate.ok) return fail(gate.code, AUTH_MESSAGES[gate.code]);
  const parsed = saveViewSchema.safeParse(input);
  if (!parsed.success) return fail('INVALID_INPUT', parsed.error.issues[0]?.message ?? 'Check the form.', fieldErrorsOf(parsed.error.issues));
  const result = await saveView(actorOf(gate.user), parsed.data);
  if (!result.ok) return fail(result.code, result.message);
  revalidatePath('/refunds');
  return { ok: true, data: { id: result.id }, message: 'View saved.' };
}

export async function deleteViewAction(input: { id: number }): Promise<ActionResult<{ id: number }, 'NAME_TAKEN' | 'NOT_FOUND' | 'NOT_OWNER'>> {
  const gate = await authorizeAction('viewer', 'view.delete');
  if (!gate.ok) return fail(gate.code, AUTH_MESSAGES[gate.code]);
  const parsed = viewIdSchema.safeParse(input);
  if (!parsed.success) return fail('INVALID_INPUT', 'Unknown view.');
  const result = await deleteView(actorOf(gate.user), gate.user.role, parsed.data.id);
  if (!result.ok) return fail(result.code, result.message);
  revalidatePath('/refunds');
  return { ok: true, data: { id: result.id }, message: 'View deleted.' };
}
