import 'server-only';
import type { RefundStatus } from '@/generated/prisma/enums';
import { audit, type AuditActor } from '@/server/audit';
import { clientForAccount, defaultTransport } from '@/server/tiktok/account-client';
import { db } from '@/server/db';
import { logError } from '@/server/log';
import { mapMarketplaceStatus } from '@/server/sync/status-mapping';
import { upsertRefunds } from '@/server/sync/upsert';
import type { TikTokShopClient } from '@/server/tiktok/client';
import { TikTokApiError } from '@/server/tiktok/errors';
import type { Transport } from '@/server/tiktok/http';
import type { MarketplaceRefund, RejectReason } from '@/server/tiktok/types';
import { ACTION_TARGET, contradiction, tiktokCallFor, type AdminAction, type TikTokCall } from './decisions';

/**
 * Completed and Reject, safely. "Match Marketplace Status before taking manual action" is enforced:
 * the request is re-fetched from TikTok, and if its status or update time moved since the admin
 * loaded the grid, nothing is done and the admin is told what changed. Decisions that contradict
 * TikTok are refused. Where TikTok waits for the seller and the account writes back, the decision
 * is sent to TikTok (with an idempotency key) and the row is updated from TikTok's answer. One
 * decision per refund at a time: a second admin acting at the same moment is told so.
 */

type DecisionCode =
  | 'NOT_FOUND'
  | 'ALREADY_DECIDED'
  | 'IN_PROGRESS'
  | 'STALE'
  | 'MARKETPLACE_CHANGED'
  | 'TIKTOK_REJECTED'
  | 'TIKTOK_REFUNDED'
  | 'TIKTOK_UNAVAILABLE'
  | 'TIKTOK_REFUSED'
  | 'REASON_REQUIRED'
  | 'INVALID_REASON';

interface Expected {
  version: number;
  marketplaceStatus: string;
  marketplaceUpdatedAt: string;
}

export interface DecisionInput {
  /** Our row id. */
  id: number;
  action: AdminAction;
  expected: Expected;
  note?: string;
  /** TikTok reject reason key (required when the rejection is written back). */
  rejectReason?: string;
  /** One per dialog submission: a repeated submission cannot act twice on TikTok. */
  idempotencyKey: string;
}

export type DecisionResult =
  | { ok: true; id: number; refundId: string; status: RefundStatus; wroteBack: boolean; marketplaceStatus: string }
  | {
      ok: false;
      id: number;
      refundId: string | null;
      code: DecisionCode;
      message: string;
      marketplace?: { was: string; now: string; nowUpdatedAt: string };
      reasons?: RejectReason[];
    };

/** Arbitrary constant namespacing our advisory locks on refund ids. */
const DECISION_LOCK = 7_412_010;

const refundSelect = {
  id: true,
  accountId: true,
  kind: true,
  marketplaceRefundId: true,
  status: true,
  statusSource: true,
  marketplaceStatus: true,
  marketplaceUpdatedAt: true,
  arbitrationStatus: true,
  version: true,
  account: { select: { id: true, writeBack: true, active: true, accessTokenEnc: true, refreshTokenEnc: true, refreshTokenExpiresAt: true } },
} as const;

/** A refusal; `refundId` is TikTok's id, null only when the row itself is gone. */
function fail(
  row: { id: number; marketplaceRefundId: string } | number,
  code: DecisionCode,
  message: string,
  extra: Partial<Extract<DecisionResult, { ok: false }>> = {},
): DecisionResult {
  const id = typeof row === 'number' ? row : row.id;
  return { ok: false, id, refundId: typeof row === 'number' ? null : row.marketplaceRefundId, code, message, ...extra };
}

function mapped(status: string, arbitration?: string | null): RefundStatus {
  return mapMarketplaceStatus({ marketplaceStatus: status, arbitrationStatus: arbitration }).status;
}

async function callTikTok(
  client: TikTokShopClient,
  refund: MarketplaceRefund,
  call: TikTokCall,
  reason: string | undefined,
  note: string | undefined,
  key: string,
) {
  switch (call.kind) {
    case 'approveReturn':
      return client.approveReturn(refund.id, call.decision, key);
    case 'rejectReturn':
      return client.rejectReturn(refund.id, { decision: call.decision, reason: reason!, comment: note }, key);
    case 'approveCancellation':
      return client.approveCancellation(refund.id, key);
    case 'rejectCancellation':
      return client.rejectCancellation(refund.id, { reason: reason!, comment: note }, key);
  }
}

function connected(account: { accessTokenEnc: string | null; refreshTokenEnc: string | null; refreshTokenExpiresAt: Date | null }): boolean {
  return Boolean(account.accessTokenEnc || (account.refreshTokenEnc && (!account.refreshTokenExpiresAt || account.refreshTokenExpiresAt > new Date())));
}

export async function decideRefund(
  actor: AuditActor & { id: string },
  input: DecisionInput,
  transport: Transport = defaultTransport(),
): Promise<DecisionResult> {
  const target = ACTION_TARGET[input.action];
  const result = await db.$transaction(
    async (tx) => {
      const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(${DECISION_LOCK}, ${input.id}) AS locked`;
      if (!lock?.locked) return fail(input.id, 'IN_PROGRESS', 'Another admin is acting on this refund right now. Wait a moment and reload.');
      const row = await tx.refund.findUnique({ where: { id: input.id }, select: refundSelect });
      if (!row) return fail(input.id, 'NOT_FOUND', 'This refund no longer exists.');
      if (row.statusSource === target.source) return fail(row, 'ALREADY_DECIDED', `This refund is already marked ${target.label}.`);
      if (row.version !== input.expected.version) {
        const moved =
          row.marketplaceStatus !== input.expected.marketplaceStatus || row.marketplaceUpdatedAt.toISOString() !== input.expected.marketplaceUpdatedAt;
        return moved
          ? fail(row, 'MARKETPLACE_CHANGED', 'TikTok changed this request since you loaded the grid; check its new status first.', {
              marketplace: { was: input.expected.marketplaceStatus, now: row.marketplaceStatus, nowUpdatedAt: row.marketplaceUpdatedAt.toISOString() },
            })
          : fail(row, 'STALE', 'Someone else changed this refund since you loaded the grid. Reload to see the change.');
      }
      const refusal = contradiction(input.action, mapped(row.marketplaceStatus, row.arbitrationStatus));
      if (refusal) return fail(row, refusal.code, refusal.message);

      // Re-fetch from TikTok: what it says now is what the decision is checked against.
      let fresh: MarketplaceRefund | null = null;
      let client: TikTokShopClient | null = null;
      if (connected(row.account)) {
        try {
          client = await clientForAccount(row.accountId, transport);
          fresh = await client.findRefund(row.kind, row.marketplaceRefundId);
        } catch (error) {
          if (!(error instanceof TikTokApiError)) throw error;
          return fail(row, 'TIKTOK_UNAVAILABLE', `Could not check TikTok's current status, so nothing was done (${error.describe()}).`);
        }
        if (!fresh) return fail(row, 'TIKTOK_UNAVAILABLE', 'TikTok did not return this request, so nothing was done.');
        if (fresh.status !== row.marketplaceStatus || fresh.updatedAt.getTime() !== row.marketplaceUpdatedAt.getTime()) {
          await upsertRefunds(row.accountId, [fresh], { source: 'Sync' });
          return fail(row, 'MARKETPLACE_CHANGED', 'TikTok changed this request since you loaded the grid; nothing was done.', {
            marketplace: { was: row.marketplaceStatus, now: fresh.status, nowUpdatedAt: fresh.updatedAt.toISOString() },
          });
        }
      }

      // Write back when TikTok waits for the seller and the account allows it.
      const call = fresh && row.account.writeBack ? tiktokCallFor(fresh.nextActions, input.action) : null;
      if (input.action === 'reject' && !call && !input.note?.trim()) return fail(row, 'REASON_REQUIRED', 'Say why the refund is rejected.');
      let marketplaceStatus = row.marketplaceStatus;
      if (call && client && fresh) {
        if (call.kind === 'rejectReturn' || call.kind === 'rejectCancellation') {
          const reasons = await client.getRejectReasons(fresh.id).catch(() => [] as RejectReason[]);
          if (!input.rejectReason) return fail(row, 'REASON_REQUIRED', 'TikTok needs a reject reason for this request.', { reasons });
          if (!reasons.some((r) => r.name === input.rejectReason))
            return fail(row, 'INVALID_REASON', 'TikTok does not offer that reason for this request; choose one of its reasons.', { reasons });
        }
        try {
          await callTikTok(client, fresh, call, input.rejectReason, input.note, input.idempotencyKey);
        } catch (error) {
          if (!(error instanceof TikTokApiError)) throw error;
          await audit(
            { actor, action: 'refund.writeback', outcome: 'failed', targetType: 'refund', targetId: row.id, details: { call: call.kind, code: error.code } },
            tx,
          );
          return fail(row, 'TIKTOK_REFUSED', `TikTok refused the decision: ${error.describe()}. Nothing was changed here.`);
        }
        // The row follows TikTok's answer, not our expectation of it.
        const after = await client.findRefund(row.kind, row.marketplaceRefundId).catch(() => null);
        if (after) {
          await upsertRefunds(row.accountId, [after], { source: 'Sync' });
          marketplaceStatus = after.status;
        }
        await audit(
          {
            actor,
            action: 'refund.writeback',
            outcome: 'ok',
            targetType: 'refund',
            targetId: row.id,
            details: { call: call.kind, ...('decision' in call ? { decision: call.decision } : {}), reason: input.rejectReason ?? null },
          },
          tx,
        );
      }

      const current = await tx.refund.findUniqueOrThrow({ where: { id: row.id }, select: { version: true, status: true } });
      const now = new Date();
      const updated = await tx.refund.updateMany({
        where: { id: row.id, version: current.version },
        data: {
          status: target.status,
          statusSource: target.source,
          statusSetByUserId: actor.id,
          statusSetAt: now,
          needsReview: false,
          reviewNote: null,
          version: { increment: 1 },
        },
      });
      if (updated.count !== 1) return fail(row, 'STALE', 'Someone else changed this refund at the same moment. Reload to see the change.');
      await tx.refundEvent.create({
        data: {
          refundId: row.id,
          source: 'Admin',
          occurredAt: now,
          actorUserId: actor.id,
          actorLabel: actor.label,
          action: target.event,
          fromStatus: current.status,
          toStatus: target.status,
          fromMarketplaceStatus: row.marketplaceStatus,
          toMarketplaceStatus: marketplaceStatus,
          note: input.note || null,
          data: {
            wroteBack: call ? call.kind : null,
            rejectReason: input.rejectReason ?? null,
            tiktokChecked: Boolean(fresh),
            idempotencyKey: input.idempotencyKey,
          },
        },
      });
      await audit(
        { actor, action: target.audit, outcome: 'ok', targetType: 'refund', targetId: row.id, details: { wroteBack: Boolean(call), marketplaceStatus } },
        tx,
      );
      return { ok: true as const, id: row.id, refundId: row.marketplaceRefundId, status: target.status, wroteBack: Boolean(call), marketplaceStatus };
    },
    { timeout: 90_000, maxWait: 10_000 },
  );
  if (!result.ok && result.code !== 'IN_PROGRESS') {
    await audit({ actor, action: target.audit, outcome: 'failed', targetType: 'refund', targetId: input.id, details: { code: result.code } }).catch(
      (error: unknown) => logError('audit_failed', { error }),
    );
  }
  return result;
}

/* ---------- What the dialog shows before the admin confirms ---------- */

export interface DecisionContext {
  id: number;
  action: AdminAction;
  stored: { status: RefundStatus; marketplaceStatus: string; marketplaceUpdatedAt: string; version: number };
  tiktok: { checked: true; status: string; updatedAt: string; waitingFor: string | null; deadline: string | null } | { checked: false; reason: string };
  /** What will be sent to TikTok, if anything. */
  writeBack: { call: TikTokCall['kind']; decision: string | null } | null;
  reasons: RejectReason[];
  refusal: { code: string; message: string } | null;
}

/** Reads TikTok's current status for the dialog (and stores it when it moved). */
export async function decisionContext(id: number, action: AdminAction, transport: Transport = defaultTransport()): Promise<DecisionContext | null> {
  const row = await db.refund.findUnique({ where: { id }, select: refundSelect });
  if (!row) return null;
  let tiktok: DecisionContext['tiktok'] = { checked: false, reason: 'This account is not connected to TikTok.' };
  let writeBack: DecisionContext['writeBack'] = null;
  let reasons: RejectReason[] = [];
  let mappedNow = mapped(row.marketplaceStatus, row.arbitrationStatus);
  if (connected(row.account)) {
    try {
      const client = await clientForAccount(row.accountId, transport);
      const fresh = await client.findRefund(row.kind, row.marketplaceRefundId);
      if (fresh) {
        if (fresh.status !== row.marketplaceStatus || fresh.updatedAt.getTime() !== row.marketplaceUpdatedAt.getTime())
          await upsertRefunds(row.accountId, [fresh], { source: 'Sync' });
        const waiting = fresh.nextActions.find((a) => a.action.startsWith('SELLER_RESPOND') && (!a.deadline || a.deadline > new Date()));
        tiktok = {
          checked: true,
          status: fresh.status,
          updatedAt: fresh.updatedAt.toISOString(),
          waitingFor: waiting?.action ?? null,
          deadline: waiting?.deadline?.toISOString() ?? null,
        };
        mappedNow = mapped(fresh.status, fresh.arbitrationStatus);
        const call = row.account.writeBack ? tiktokCallFor(fresh.nextActions, action) : null;
        if (call) {
          writeBack = { call: call.kind, decision: 'decision' in call ? call.decision : null };
          if (call.kind === 'rejectReturn' || call.kind === 'rejectCancellation') reasons = await client.getRejectReasons(fresh.id);
        }
      } else {
        tiktok = { checked: false, reason: 'TikTok did not return this request.' };
      }
    } catch (error) {
      if (!(error instanceof TikTokApiError)) throw error;
      tiktok = { checked: false, reason: `TikTok could not be reached (${error.describe()}).` };
    }
  }
  const current = await db.refund.findUniqueOrThrow({
    where: { id },
    select: { status: true, marketplaceStatus: true, marketplaceUpdatedAt: true, version: true },
  });
  return {
    id,
    action,
    stored: {
      status: current.status,
      marketplaceStatus: current.marketplaceStatus,
      marketplaceUpdatedAt: current.marketplaceUpdatedAt.toISOString(),
      version: current.version,
    },
    tiktok,
    writeBack,
    reasons,
    refusal: contradiction(action, mappedNow),
  };
}

/* ---------- Bulk ---------- */

export interface BulkInput {
  action: AdminAction;
  rows: (Expected & { id: number })[];
  note?: string;
  rejectReason?: string;
  /** Per-row idempotency keys derive from it, so a resubmitted batch cannot act twice on TikTok. */
  batchKey: string;
}

/** Applies one decision to many refunds, one at a time with every single-row guard; reports each row. */
export async function bulkDecide(actor: AuditActor & { id: string }, input: BulkInput, transport: Transport = defaultTransport()): Promise<DecisionResult[]> {
  const results: DecisionResult[] = [];
  for (const [index, row] of input.rows.entries()) {
    // A UUID with its last 12 hex digits replaced by the row's position: stable per batch and row.
    const key = `${input.batchKey.slice(0, 24)}${index.toString(16).padStart(12, '0')}`;
    const { id, ...expected } = row;
    results.push(
      await decideRefund(actor, { id, action: input.action, expected, note: input.note, rejectReason: input.rejectReason, idempotencyKey: key }, transport),
    );
  }
  await audit({
    actor,
    action: `${ACTION_TARGET[input.action].audit}.bulk`,
    outcome: results.every((r) => r.ok) ? 'ok' : 'failed',
    details: { rows: results.length, succeeded: results.filter((r) => r.ok).length },
  });
  return results;
}
