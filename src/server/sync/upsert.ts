import 'server-only';
import { isDeepStrictEqual } from 'node:util';
import type { RefundStatus, StatusSource } from '@/generated/prisma/enums';
import { Prisma } from '@/generated/prisma/client';
import { selectFields, sqlTransaction, type SqlRow, type SqlTx } from '@/server/sql';
import type { MarketplaceRefund } from '@/server/tiktok/types';
import { reconcile } from './reconcile';
import { toRefundRow } from './to-refund-row';

/**
 * Writes a batch of TikTok records for one account, in one transaction: new rows inserted, changed
 * rows updated, a history event for every change of TikTok status. Idempotent: replaying a batch,
 * or an older copy of a record (webhook and sync racing), changes nothing and adds no event.
 * Unchanged rows are not written at all (their `last_synced_at` keeps the time of the last change).
 */

export interface UpsertCounts {
  created: number;
  updated: number;
  unchanged: number;
  unmapped: number;
  needsReview: number;
  events: number;
}

export interface UpsertOptions {
  source: 'Sync' | 'Webhook';
  at?: Date;
}

const EXISTING_FIELDS = [
  'id',
  'kind',
  'marketplaceRefundId',
  'marketplaceStatus',
  'marketplaceUpdatedAt',
  'status',
  'statusSource',
  'needsReview',
  'reviewNote',
  'reviewFlaggedAt',
  'reviewResolvedFor',
  'decisionKind',
  'decisionBy',
  'decisionAt',
  'raw',
] as const;
type ExistingRow = SqlRow<'Refund', (typeof EXISTING_FIELDS)[number]>;

class ConcurrentInsert extends Error {}

/** A refund's identity: a return and a cancellation may share an id (TikTok's own examples do). */
const refundKey = (kind: string, id: string) => `${kind}:${id}`;

/** One record per kind and id: the most recently updated copy wins (pages can repeat records). */
function latestByKey(refunds: MarketplaceRefund[]): MarketplaceRefund[] {
  const byKey = new Map<string, MarketplaceRefund>();
  for (const refund of refunds) {
    const key = refundKey(refund.kind, refund.id);
    const seen = byKey.get(key);
    if (!seen || refund.updatedAt > seen.updatedAt) byKey.set(key, refund);
  }
  return [...byKey.values()];
}

const sql = Prisma.sql;

/**
 * TikTok's payloads as one jsonb[] argument for unnest, sent as a single JSON document: ~20 µs
 * per record cheaper than a text[] of JSON strings, which pg escapes character by character and
 * PostgreSQL parses twice (array literal, then jsonb).
 */
function jsonbArray(values: unknown[]): Prisma.Sql {
  return sql`ARRAY(SELECT e FROM jsonb_array_elements(${JSON.stringify(values)}::jsonb) WITH ORDINALITY AS t(e, i) ORDER BY i)`;
}

/**
 * The rows of a batch that exist already, locked: an admin action on one of them waits for the
 * batch (and vice versa). Locked in key order, so that two writers of one shop (a sync and a
 * webhook) take their locks in the same order rather than each in its own plan's.
 *
 * One lookup per record on the TikTok id's own index, the only index the inner query can use.
 * With the shop in the condition, a shop whose rows postdate the table's statistics (a backfill,
 * before autovacuum analyses) looked like one row to the planner, which then chose an index led
 * by the shop and read all of its rows for every batch: as a semi-join, 22 of 37 s of PostgreSQL
 * statement time in a 100,000-refund backfill (33 ms per batch at 20,000 rows; 0.2 ms this way).
 * The fence (OFFSET 0) keeps the shop's condition outside. TikTok's ids are unique across shops,
 * so another shop's row is locked only if two accounts hold one shop, and only for the batch.
 */
export function lockExisting(accountId: number, refunds: { kind: string; id: string }[]): Prisma.Sql {
  const keys = refunds.map((r) => ({ kind: r.kind, id: r.id })).sort((a, b) => (a.kind === b.kind ? (a.id < b.id ? -1 : 1) : a.kind < b.kind ? -1 : 1));
  return sql`
    SELECT r.* FROM unnest(${keys.map((k) => k.kind)}::text[], ${keys.map((k) => k.id)}::text[]) AS u(k, i)
     CROSS JOIN LATERAL (
       SELECT account_id, ${selectFields('Refund', EXISTING_FIELDS)} FROM refunds
        WHERE marketplace_refund_id = u.i AND kind = u.k::"RefundKind"
       OFFSET 0 FOR UPDATE) r
     WHERE r.account_id = ${accountId}`;
}

async function writeBatch(tx: SqlTx, accountId: number, refunds: MarketplaceRefund[], options: UpsertOptions): Promise<UpsertCounts> {
  const at = options.at ?? new Date();
  const counts: UpsertCounts = { created: 0, updated: 0, unchanged: 0, unmapped: 0, needsReview: 0, events: 0 };
  const existing = await tx.rows<ExistingRow>(lockExisting(accountId, refunds));
  const byKey = new Map(existing.map((row) => [refundKey(row.kind, row.marketplaceRefundId), row]));

  const inserts: ReturnType<typeof toRefundRow>[] = [];
  const updates: {
    id: number;
    row: ReturnType<typeof toRefundRow>;
    status: RefundStatus;
    statusSource: StatusSource;
    statusChanged: boolean;
    needsReview: boolean;
    reviewNote: string | null;
    reviewFlaggedAt: Date | null;
  }[] = [];
  const events: {
    refundId: number | null;
    refundKey: string;
    action: string;
    fromStatus: RefundStatus | null;
    toStatus: RefundStatus;
    fromMarketplace: string | null;
    toMarketplace: string;
    note: string | null;
    occurredAt: Date;
  }[] = [];

  for (const refund of refunds) {
    const key = refundKey(refund.kind, refund.id);
    const current = byKey.get(key);
    const row = toRefundRow(accountId, refund, current?.marketplaceStatus);
    if (row.unmappedStatus) counts.unmapped += 1;
    if (!current) {
      inserts.push(row);
      events.push({
        refundId: null,
        refundKey: key,
        action: 'first_seen',
        fromStatus: null,
        toStatus: row.mappedStatus,
        fromMarketplace: null,
        toMarketplace: row.marketplaceStatus,
        note: null,
        occurredAt: refund.updatedAt,
      });
      continue;
    }
    // An older copy than what we hold (a late webhook, an overlapping page) never wins.
    if (refund.updatedAt < current.marketplaceUpdatedAt || isDeepStrictEqual(current.raw, refund.raw)) {
      counts.unchanged += 1;
      continue;
    }
    const result = reconcile(current, row.mappedStatus, row.marketplaceStatus, at);
    const marketplaceChanged = current.marketplaceStatus !== row.marketplaceStatus;
    updates.push({
      id: current.id,
      row,
      status: result.status,
      statusSource: result.statusSource,
      statusChanged: result.status !== current.status,
      needsReview: result.needsReview,
      reviewNote: result.reviewNote,
      reviewFlaggedAt: result.reviewFlaggedAt,
    });
    if (marketplaceChanged || result.status !== current.status) {
      events.push({
        refundId: current.id,
        refundKey: key,
        action: 'status_changed',
        fromStatus: current.status,
        toStatus: result.status,
        fromMarketplace: current.marketplaceStatus,
        toMarketplace: row.marketplaceStatus,
        note: row.statusDetail,
        occurredAt: refund.updatedAt,
      });
    }
    if (result.flagged) {
      counts.needsReview += 1;
      events.push({
        refundId: current.id,
        refundKey: key,
        action: 'needs_review',
        fromStatus: current.status,
        toStatus: result.status,
        fromMarketplace: current.marketplaceStatus,
        toMarketplace: row.marketplaceStatus,
        note: result.reviewNote,
        occurredAt: refund.updatedAt,
      });
    }
  }

  const insertedIds = new Map<string, number>();
  if (inserts.length) {
    const col = <K extends keyof (typeof inserts)[number]>(key: K) => inserts.map((r) => r[key]);
    const inserted = await tx.rows<{ id: number; kind: string; marketplace_refund_id: string }>(sql`
      INSERT INTO refunds (account_id, kind, marketplace_refund_id, marketplace_order_id, type, marketplace_type, status, marketplace_status,
        arbitration_status, status_detail, unmapped_status, status_source, status_set_at, initiator_role, reason, reason_text, refund_amount,
        currency, seller_next_action, respond_by, marketplace_created_at, marketplace_updated_at, raw, amount_details, line_items, last_synced_at, updated_at)
      SELECT ${accountId}, v.kind::"RefundKind", v.refund_id, v.order_id, v.type::"RefundType", v.marketplace_type, v.status::"RefundStatus", v.marketplace_status,
        v.arbitration_status, v.status_detail, v.unmapped, 'Marketplace', v.updated_at, v.initiator_role, v.reason, v.reason_text, v.amount,
        v.currency, v.next_action, v.respond_by, v.created_at, v.updated_at, v.raw, NULLIF(v.amount_details, 'null'::jsonb), v.line_items, ${at}, ${at}
      FROM unnest(${col('kind')}::text[], ${col('marketplaceRefundId')}::text[], ${col('marketplaceOrderId')}::text[], ${col('type')}::text[],
        ${col('marketplaceType')}::text[], ${col('mappedStatus')}::text[], ${col('marketplaceStatus')}::text[], ${col('arbitrationStatus')}::text[],
        ${col('statusDetail')}::text[], ${col('unmappedStatus')}::boolean[], ${col('initiatorRole')}::text[], ${col('reason')}::text[],
        ${col('reasonText')}::text[], ${col('refundAmount')}::numeric[], ${col('currency')}::text[], ${col('sellerNextAction')}::text[],
        ${col('respondBy')}::timestamptz[], ${col('marketplaceCreatedAt')}::timestamptz[], ${col('marketplaceUpdatedAt')}::timestamptz[],
        ${jsonbArray(inserts.map((r) => r.raw))}, ${jsonbArray(inserts.map((r) => r.amountDetails))}, ${jsonbArray(inserts.map((r) => r.lineItems))})
        AS v(kind, refund_id, order_id, type, marketplace_type, status, marketplace_status, arbitration_status, status_detail, unmapped,
             initiator_role, reason, reason_text, amount, currency, next_action, respond_by, created_at, updated_at, raw, amount_details, line_items)
      ON CONFLICT (account_id, kind, marketplace_refund_id) DO NOTHING
      RETURNING id, kind::text, marketplace_refund_id`);
    // Someone (a webhook, another process) inserted one of these between our read and our write.
    if (inserted.length !== inserts.length) throw new ConcurrentInsert();
    for (const row of inserted) insertedIds.set(refundKey(row.kind, row.marketplace_refund_id), row.id);
    counts.created = inserted.length;
  }

  if (updates.length) {
    const col = <K extends keyof ReturnType<typeof toRefundRow>>(key: K) => updates.map((u) => u.row[key]);
    await tx.execute(sql`
      UPDATE refunds r SET
        marketplace_order_id = v.order_id, type = v.type::"RefundType", marketplace_type = v.marketplace_type, status = v.status::"RefundStatus",
        marketplace_status = v.marketplace_status, arbitration_status = v.arbitration_status, status_detail = v.status_detail,
        unmapped_status = v.unmapped, needs_review = v.needs_review, review_note = v.review_note, initiator_role = v.initiator_role,
        status_source = v.status_source::"StatusSource", review_flagged_at = v.review_flagged_at,
        reason = v.reason, reason_text = v.reason_text, refund_amount = v.amount, currency = v.currency, seller_next_action = v.next_action,
        respond_by = v.respond_by, marketplace_created_at = v.created_at, marketplace_updated_at = v.updated_at, raw = v.raw,
        amount_details = NULLIF(v.amount_details, 'null'::jsonb), line_items = v.line_items, status_set_at = CASE WHEN v.status_changed THEN v.updated_at ELSE r.status_set_at END,
        last_synced_at = ${at}, updated_at = ${at}, version = r.version + 1
      FROM unnest(${updates.map((u) => u.id)}::int[], ${col('marketplaceOrderId')}::text[], ${col('type')}::text[], ${col('marketplaceType')}::text[],
        ${updates.map((u) => u.status)}::text[], ${col('marketplaceStatus')}::text[], ${col('arbitrationStatus')}::text[], ${col('statusDetail')}::text[],
        ${col('unmappedStatus')}::boolean[], ${updates.map((u) => u.needsReview)}::boolean[], ${updates.map((u) => u.reviewNote)}::text[],
        ${col('initiatorRole')}::text[], ${col('reason')}::text[], ${col('reasonText')}::text[], ${col('refundAmount')}::numeric[],
        ${col('currency')}::text[], ${col('sellerNextAction')}::text[], ${col('respondBy')}::timestamptz[], ${col('marketplaceCreatedAt')}::timestamptz[],
        ${col('marketplaceUpdatedAt')}::timestamptz[], ${jsonbArray(updates.map((u) => u.row.raw))}, ${updates.map((u) => u.statusChanged)}::boolean[],
        ${updates.map((u) => u.statusSource)}::text[], ${updates.map((u) => u.reviewFlaggedAt)}::timestamptz[],
        ${jsonbArray(updates.map((u) => u.row.amountDetails))}, ${jsonbArray(updates.map((u) => u.row.lineItems))})
        AS v(id, order_id, type, marketplace_type, status, marketplace_status, arbitration_status, status_detail, unmapped, needs_review,
             review_note, initiator_role, reason, reason_text, amount, currency, next_action, respond_by, created_at, updated_at, raw, status_changed,
             status_source, review_flagged_at, amount_details, line_items)
      WHERE r.id = v.id`);
    counts.updated = updates.length;
  }

  if (events.length) {
    const refundIds = events.map((e) => e.refundId ?? insertedIds.get(e.refundKey)!);
    await tx.execute(sql`
      INSERT INTO refund_events (refund_id, source, occurred_at, recorded_at, actor_label, action, from_status, to_status, from_marketplace_status, to_marketplace_status, note)
      SELECT v.refund_id, ${options.source}::"RefundEventSource", v.occurred_at, ${at}, ${options.source === 'Webhook' ? 'TikTok webhook' : 'sync'}, v.action,
        v.from_status::"RefundStatus", v.to_status::"RefundStatus", v.from_marketplace, v.to_marketplace, v.note
      FROM unnest(${refundIds}::int[], ${events.map((e) => e.occurredAt)}::timestamptz[], ${events.map((e) => e.action)}::text[],
        ${events.map((e) => e.fromStatus)}::text[], ${events.map((e) => e.toStatus)}::text[], ${events.map((e) => e.fromMarketplace)}::text[],
        ${events.map((e) => e.toMarketplace)}::text[], ${events.map((e) => e.note)}::text[])
        AS v(refund_id, occurred_at, action, from_status, to_status, from_marketplace, to_marketplace, note)`);
    counts.events = events.length;
  }
  return counts;
}

/** Upserts a batch for one account; a concurrent insert of the same id is retried once. */
export async function upsertRefunds(accountId: number, refunds: MarketplaceRefund[], options: UpsertOptions): Promise<UpsertCounts> {
  const batch = latestByKey(refunds);
  if (batch.length === 0) return { created: 0, updated: 0, unchanged: 0, unmapped: 0, needsReview: 0, events: 0 };
  for (let attempt = 0; ; attempt++) {
    try {
      return await sqlTransaction((tx) => writeBatch(tx, accountId, batch, options));
    } catch (error) {
      if (!(error instanceof ConcurrentInsert) || attempt >= 2) throw error;
    }
  }
}
