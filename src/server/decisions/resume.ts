import 'server-only';
import { display, units } from '@/lib/money';
import { mapMarketplaceStatus } from '@/server/sync/status-mapping';
import { upsertRefunds } from '@/server/sync/upsert';
import type { TikTokShopClient } from '@/server/tiktok/client';
import { TikTokApiError } from '@/server/tiktok/errors';
import type { MarketplaceRefund } from '@/server/tiktok/types';
import { logError } from '@/server/log';
import { applyDecision, markSent, releaseClaim, staleClaims, STALE_CLAIM_MS, type OpenClaim } from './claims';
import { sendTikTokCall, storedCall } from './tiktok-calls';

/**
 * Finishing a decision whose process stopped between its claim and its record (a crash, a
 * restart, a timeout): the next attempt on that refund or the next sync of its shop reads TikTok
 * and then, never sending twice and never losing one,
 * - applies it, when TikTok already accepted it (state Sent) or already shows its outcome;
 * - resends it with the same idempotency key, when TikTok still shows the state it was decided on
 *   (TikTok acts on a key once, so a call that did arrive before is not acted on twice);
 * - abandons it, when TikTok moved another way meanwhile (e.g. auto-approved at the deadline).
 */

export type ResumeOutcome = 'applied' | 'abandoned' | 'refused' | 'pending';

/** Whether TikTok's state is the outcome of the decision (rather than of something else). */
function showsOutcome(claim: OpenClaim, fresh: MarketplaceRefund): boolean {
  if (fresh.status === claim.marketplaceStatusBefore) return false;
  const mapped = mapMarketplaceStatus({ marketplaceStatus: fresh.status, arbitrationStatus: fresh.arbitrationStatus }).status;
  switch (claim.kind) {
    case 'Rejected':
      return mapped === 'Rejected';
    case 'Approved':
    case 'PartialOffered':
      return mapped !== 'Rejected';
    default:
      return false;
  }
}

export async function resumeClaim(claim: OpenClaim, client: TikTokShopClient): Promise<ResumeOutcome> {
  const refund = claim.refund;
  let fresh: MarketplaceRefund | null;
  try {
    fresh = await client.findRefund(refund.kind, refund.marketplaceRefundId);
  } catch (error) {
    if (error instanceof TikTokApiError) return 'pending';
    throw error;
  }
  if (!fresh) {
    await releaseClaim(claim.id, 'Abandoned', { errorCode: 'NOT_ON_TIKTOK', error: 'TikTok no longer returns this request' });
    return 'abandoned';
  }
  await upsertRefunds(refund.accountId, [fresh], { source: 'Sync' });
  if (claim.state === 'Sent') return (await applyDecision(claim.id)) ? 'applied' : 'abandoned';
  if (fresh.status !== claim.marketplaceStatusBefore) {
    if (showsOutcome(claim, fresh)) {
      await markSent(claim.id);
      return (await applyDecision(claim.id)) ? 'applied' : 'abandoned';
    }
    await releaseClaim(claim.id, 'Abandoned', { errorCode: 'TIKTOK_MOVED', error: `TikTok moved to ${fresh.status} before the decision reached it` });
    return 'abandoned';
  }
  const offer =
    claim.partialAmount && claim.partialCurrency
      ? { amount: display(units(claim.partialAmount.toFixed()), claim.partialCurrency), currency: claim.partialCurrency }
      : null;
  const call = storedCall(claim.tiktokCall, claim.tiktokDecision, offer);
  if (!call) return (await applyDecision(claim.id)) ? 'applied' : 'abandoned';
  try {
    await sendTikTokCall(client, { kind: refund.kind, id: refund.marketplaceRefundId }, call, {
      reason: claim.rejectReason,
      note: claim.note,
      idempotencyKey: claim.idempotencyKey,
    });
  } catch (error) {
    if (!(error instanceof TikTokApiError)) throw error;
    if (error.mayHaveActed) return 'pending';
    const refused = error.kind === 'rejected' || error.kind === 'permission';
    await releaseClaim(claim.id, refused ? 'Refused' : 'Abandoned', { errorCode: String(error.code ?? error.kind), error: error.describe() });
    return refused ? 'refused' : 'abandoned';
  }
  await markSent(claim.id);
  const after = await client.findRefund(refund.kind, refund.marketplaceRefundId).catch(() => null);
  if (after) await upsertRefunds(refund.accountId, [after], { source: 'Sync' });
  return (await applyDecision(claim.id)) ? 'applied' : 'abandoned';
}

/** The sync's part: finish the claims of one shop whose process has stopped answering (older than STALE_CLAIM_MS). */
export async function resumeStaleDecisions(accountId: number, client: TikTokShopClient, now = new Date()): Promise<Record<ResumeOutcome, number>> {
  const counts: Record<ResumeOutcome, number> = { applied: 0, abandoned: 0, refused: 0, pending: 0 };
  for (const claim of await staleClaims({ accountId }, new Date(now.getTime() - STALE_CLAIM_MS))) {
    try {
      counts[await resumeClaim(claim, client)] += 1;
    } catch (error) {
      logError('decision.resume_failed', { claimId: claim.id, error });
      counts.pending += 1;
    }
  }
  return counts;
}
