import 'server-only';
import { db } from '@/server/db';
import { clientForAccount, interactiveTransport } from '@/server/tiktok/account-client';
import { TikTokApiError } from '@/server/tiktok/errors';
import type { Transport } from '@/server/tiktok/http';

export interface BulkReason {
  name: string;
  text: string;
  /** Of the rows TikTok waits on, how many TikTok offers this reason for (each row is checked again when decided). */
  rows: number;
}

/** TikTok's reasons differ per kind of request and step: asked once per (shop, kind, step), at most this many times. */
const MAX_LOOKUPS = 12;

/**
 * The reject reasons a bulk Reject can offer: TikTok's own, for the steps the selected rows wait
 * on (returns asking for a refund, packages received, cancellations...). One reason goes to the
 * whole batch; a row TikTok offers it not for is left out and listed.
 */
export async function bulkRejectReasons(
  ids: number[],
  transport: Transport = interactiveTransport(),
): Promise<{ reasons: BulkReason[]; waiting: number; unavailable: boolean }> {
  const rows = await db.refund.findMany({
    where: { id: { in: ids }, sellerNextAction: { not: null }, respondBy: { gt: new Date() } },
    select: { id: true, accountId: true, kind: true, marketplaceRefundId: true, sellerNextAction: true },
  });
  const groups = new Map<string, typeof rows>();
  for (const row of rows) {
    const key = `${row.accountId}:${row.kind}:${row.sellerNextAction ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const reasons = new Map<string, BulkReason>();
  let unavailable = false;
  for (const group of [...groups.values()].slice(0, MAX_LOOKUPS)) {
    const sample = group[0]!;
    try {
      const client = await clientForAccount(sample.accountId, transport);
      for (const reason of await client.getRejectReasons(sample.marketplaceRefundId)) {
        const seen = reasons.get(reason.name);
        reasons.set(reason.name, { name: reason.name, text: reason.text, rows: (seen?.rows ?? 0) + group.length });
      }
    } catch (error) {
      if (!(error instanceof TikTokApiError)) throw error;
      unavailable = true;
    }
  }
  return { reasons: [...reasons.values()].sort((a, b) => b.rows - a.rows || a.text.localeCompare(b.text)), waiting: rows.length, unavailable };
}
