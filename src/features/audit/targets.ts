import 'server-only';
import { db } from '@/server/db';

/**
 * Audit targets as people know them: a refund by TikTok's refund id (opening its Refund Data modal
 * in the grid), a shop account by name and shop id, a user by email, a saved view by name, a sync
 * run by number. A page's targets are looked up in one batched query per kind, never per row.
 *
 * Refund entries name the row by our id; entries written before that named it by TikTok's refund
 * id, which a return and a cancellation may share, so both are understood.
 */

export interface ResolvedTarget {
  /** "7140028889321349157", "Northwind US", "ana@shop.test". */
  label: string;
  /** A second fact: the shop and "cancellation", the shop id. */
  detail: string | null;
  href: string | null;
  /** Our own id of the target (a row id, a user id), for the CSV. */
  internalId: string | null;
}

interface Row {
  targetType: string | null;
  targetId: string | null;
  details: unknown;
}

/** Our row ids are PostgreSQL integers; TikTok's refund ids are 16 to 19 digits, so they never look like one. */
function rowId(text: string): number | null {
  if (!/^\d{1,10}$/.test(text)) return null;
  const id = Number(text);
  return id >= 1 && id < 2 ** 31 ? id : null;
}

const ids = (rows: Row[], type: string) => [...new Set(rows.filter((r) => r.targetType === type && r.targetId).map((r) => r.targetId!))];

const detailName = (details: unknown, key: string): string | null => {
  const value = details && typeof details === 'object' && !Array.isArray(details) ? (details as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' && value ? value : null;
};

/** The target ids that mean the refunds `text` names (TikTok refund or order id, or our row id), old entries' included. */
export async function refundTargetIds(text: string): Promise<string[]> {
  const id = rowId(text);
  const refunds = await db.refund.findMany({
    where: { OR: [{ marketplaceRefundId: text }, { marketplaceOrderId: text }, ...(id ? [{ id }] : [])] },
    select: { id: true, marketplaceRefundId: true },
    take: 500,
  });
  return [...new Set(refunds.flatMap((r) => [String(r.id), r.marketplaceRefundId]))];
}

type RefundRow = { id: number; marketplaceRefundId: string; kind: 'Return' | 'Cancellation'; account: { name: string } };

function refundTarget(targetId: string, byId: Map<number, RefundRow>, byTikTokId: Map<string, RefundRow[]>): ResolvedTarget {
  const id = rowId(targetId);
  const exact = id === null ? undefined : byId.get(id);
  const candidates = exact ? [exact] : (byTikTokId.get(targetId) ?? []);
  const [refund] = candidates;
  if (!refund) return { label: targetId, detail: 'no longer in the panel', href: null, internalId: id === null ? null : targetId };
  const query = new URLSearchParams({ refundId: refund.marketplaceRefundId });
  // One row: open its Refund Data; a TikTok id shared by a return and a cancellation: the grid shows both.
  if (candidates.length === 1) query.set('detail', String(refund.id));
  const kind = candidates.length === 1 && refund.kind === 'Cancellation' ? ' · cancellation' : '';
  return {
    label: refund.marketplaceRefundId,
    detail: `${refund.account.name}${kind}`,
    href: `/refunds?${query}`,
    internalId: candidates.length === 1 ? String(refund.id) : null,
  };
}

/** Looks up every target of a page (one query per kind) and returns how to name each row's. */
export async function resolveTargets(rows: Row[]): Promise<(row: Row) => ResolvedTarget | null> {
  const refundIds = ids(rows, 'refund');
  const accountIds = ids(rows, 'shop_account').flatMap((t) => rowId(t) ?? []);
  const userIds = ids(rows, 'user');
  const viewIds = ids(rows, 'saved_view').flatMap((t) => rowId(t) ?? []);
  const [refunds, accounts, users, views] = await Promise.all([
    refundIds.length
      ? db.refund.findMany({
          where: { OR: [{ id: { in: refundIds.flatMap((t) => rowId(t) ?? []) } }, { marketplaceRefundId: { in: refundIds } }] },
          select: { id: true, marketplaceRefundId: true, kind: true, account: { select: { name: true } } },
        })
      : [],
    accountIds.length ? db.shopAccount.findMany({ where: { id: { in: accountIds } }, select: { id: true, name: true, shopId: true } }) : [],
    userIds.length ? db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true } }) : [],
    viewIds.length ? db.savedView.findMany({ where: { id: { in: viewIds } }, select: { id: true, name: true } }) : [],
  ]);
  const refundById = new Map(refunds.map((r) => [r.id, r]));
  const refundsByTikTokId = new Map<string, RefundRow[]>();
  for (const refund of refunds) refundsByTikTokId.set(refund.marketplaceRefundId, [...(refundsByTikTokId.get(refund.marketplaceRefundId) ?? []), refund]);
  const accountById = new Map(accounts.map((a) => [String(a.id), a]));
  const userById = new Map(users.map((u) => [u.id, u]));
  const viewById = new Map(views.map((v) => [String(v.id), v]));

  return (row) => {
    const { targetType: type, targetId: id } = row;
    if (!type || !id) return null;
    switch (type) {
      case 'refund':
        return refundTarget(id, refundById, refundsByTikTokId);
      case 'shop_account': {
        const account = accountById.get(id);
        const name = account?.name ?? detailName(row.details, 'name') ?? `Account ${id}`;
        return { label: name, detail: account?.shopId ? `shop ${account.shopId}` : null, href: '/accounts', internalId: id };
      }
      case 'user': {
        const email = userById.get(id)?.email ?? detailName(row.details, 'email');
        return { label: email ?? id, detail: email ? null : 'no longer in the panel', href: email ? '/users' : null, internalId: id };
      }
      case 'saved_view': {
        const name = viewById.get(id)?.name ?? detailName(row.details, 'name');
        return { label: name ?? `View ${id}`, detail: viewById.has(id) ? null : 'deleted', href: null, internalId: id };
      }
      case 'sync_run':
        // There is no page per run: the runs list shows it (its row carries data-run-id).
        return { label: `Sync run ${id}`, detail: null, href: '/sync-runs', internalId: id };
      default:
        return { label: id, detail: null, href: null, internalId: id };
    }
  };
}
