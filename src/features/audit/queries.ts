import 'server-only';
import type { Prisma } from '@/generated/prisma/client';
import { localToInstant } from '@/lib/store-time';
import { db } from '@/server/db';
import { resolveTargets, refundTargetIds, type ResolvedTarget } from './targets';
import type { AuditSearch } from './search-params';

/**
 * The audit log, newest first, filtered as the page's URL says, a page at a time by keyset on the
 * id (`before`), with each entry's target named as people know it (./targets.ts).
 */

const AUDIT_PAGE_SIZE = 100;

/** Entries whose target is what `text` names: a TikTok refund or order id, a shop id, an email, or our own id. */
async function targetCondition(text: string): Promise<Prisma.AuditLogWhereInput> {
  const [refunds, accounts, users] = await Promise.all([
    refundTargetIds(text),
    db.shopAccount.findMany({ where: { shopId: text }, select: { id: true } }),
    db.user.findMany({ where: { email: { equals: text, mode: 'insensitive' } }, select: { id: true } }),
  ]);
  return {
    OR: [
      { targetId: text },
      ...(refunds.length ? [{ targetType: 'refund', targetId: { in: refunds } }] : []),
      ...(accounts.length ? [{ targetType: 'shop_account', targetId: { in: accounts.map((a) => String(a.id)) } }] : []),
      ...(users.length ? [{ targetType: 'user', targetId: { in: users.map((u) => u.id) } }] : []),
      // Bulk decisions list the TikTok refund ids they covered.
      { details: { path: ['refundIds'], array_contains: [text] } },
    ],
  };
}

async function auditWhere(search: AuditSearch, timeZone: string): Promise<Prisma.AuditLogWhereInput> {
  const at: Prisma.DateTimeFilter = {
    ...(search.from ? { gte: localToInstant(search.from, timeZone, false) } : {}),
    ...(search.to ? { lt: localToInstant(search.to, timeZone, true) } : {}),
  };
  return {
    AND: [
      search.action ? { action: search.action.endsWith('.') ? { startsWith: search.action } : search.action } : {},
      search.actor ? { actorLabel: { contains: search.actor, mode: 'insensitive' } } : {},
      search.outcome ? { outcome: search.outcome } : {},
      search.from || search.to ? { at } : {},
      search.before ? { id: { lt: search.before } } : {},
      search.target ? await targetCondition(search.target) : {},
    ],
  };
}

export interface AuditEntry {
  id: number;
  at: Date;
  actor: string;
  action: string;
  outcome: string;
  targetType: string | null;
  targetId: string | null;
  /** The target as people know it; null when the entry has none. */
  target: ResolvedTarget | null;
  details: Prisma.JsonValue;
  ipAddress: string | null;
}

/** One page of entries (`limit`, 100 on the page) and the cursor of the next, older page. */
export async function listAuditEntries(
  search: AuditSearch,
  timeZone: string,
  limit = AUDIT_PAGE_SIZE,
): Promise<{ entries: AuditEntry[]; nextBefore: number | null }> {
  const rows = await db.auditLog.findMany({ where: await auditWhere(search, timeZone), orderBy: { id: 'desc' }, take: limit + 1 });
  const page = rows.slice(0, limit);
  const targets = await resolveTargets(page);
  return {
    entries: page.map((row) => ({
      id: row.id,
      at: row.at,
      actor: row.actorLabel,
      action: row.action,
      outcome: row.outcome,
      targetType: row.targetType,
      targetId: row.targetId,
      target: targets(row),
      details: row.details,
      ipAddress: row.ipAddress,
    })),
    nextBefore: rows.length > limit ? page.at(-1)!.id : null,
  };
}

/** Who appears in the log, for the actor filter's suggestions: the panel's users. */
export async function auditActors(): Promise<string[]> {
  return (await db.user.findMany({ select: { email: true }, orderBy: { email: 'asc' }, take: 500 })).map((u) => u.email);
}
