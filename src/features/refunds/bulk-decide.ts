import 'server-only';
import type { GridAction } from '@/lib/refund-decisions';
import { audit, type AuditActor } from '@/server/audit';
import type { Transport } from '@/server/tiktok/http';
import { decideRefund, type DecisionResult, type Expected } from './decide';

export interface BulkInput {
  action: GridAction;
  rows: (Expected & { id: number })[];
  note?: string;
  /** One TikTok reject reason for the batch, checked against each row's own allowed reasons. */
  rejectReason?: string;
  /** Per-row idempotency keys derive from it, so a resubmitted batch cannot act twice on TikTok. */
  batchKey: string;
}

/**
 * One decision applied to many refunds, one at a time, each through every single-row rule (the
 * guard, the decision table, TikTok's own reasons for that row). The outcome of each row names
 * TikTok's refund id.
 */
export async function bulkDecide(actor: AuditActor & { id: string }, input: BulkInput, transport?: Transport): Promise<DecisionResult[]> {
  const results: DecisionResult[] = [];
  for (const [index, row] of input.rows.entries()) {
    // A UUID with its last 12 hex digits replaced by the row's position: stable per batch and row.
    const key = `${input.batchKey.slice(0, 24)}${index.toString(16).padStart(12, '0')}`;
    const { id, ...expected } = row;
    results.push(
      await decideRefund(actor, { id, action: input.action, expected, note: input.note, rejectReason: input.rejectReason, idempotencyKey: key }, transport),
    );
  }
  const succeeded = results.filter((r) => r.ok).length;
  await audit({
    actor,
    action: input.action === 'complete' ? 'refund.complete.bulk' : 'refund.reject.bulk',
    outcome: succeeded === results.length ? 'ok' : 'failed',
    details: { rows: results.length, succeeded, refundIds: results.slice(0, 200).map((r) => r.refundId) },
  });
  return results;
}
