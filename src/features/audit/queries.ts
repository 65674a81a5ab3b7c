import 'server-only';
import { z } from 'zod';
import type { Prisma } from '@/generated/prisma/client';
import { isStorableText } from '@/lib/safe-text';
import { db } from '@/server/db';

/** The audit page's URL contract: every value validated, anything else falls back to "all". */
export const auditSearchSchema = z.object({
  action: z
    .string()
    .trim()
    .regex(/^[a-z_.]{1,60}$/)
    .optional()
    .catch(undefined),
  actor: z.string().trim().max(254).refine(isStorableText).optional().catch(undefined),
  outcome: z.enum(['ok', 'failed', 'denied']).optional().catch(undefined),
  // Audit ids are PostgreSQL integers: 2^31 and above name no entry.
  before: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31 - 1)
    .optional()
    .catch(undefined),
});

export type AuditSearch = z.infer<typeof auditSearchSchema>;

const AUDIT_PAGE_SIZE = 100;

export async function listAuditEntries(search: AuditSearch) {
  const where: Prisma.AuditLogWhereInput = {
    ...(search.action ? { action: { startsWith: search.action } } : {}),
    ...(search.actor ? { actorLabel: { contains: search.actor, mode: 'insensitive' } } : {}),
    ...(search.outcome ? { outcome: search.outcome } : {}),
    ...(search.before ? { id: { lt: search.before } } : {}),
  };
  const rows = await db.auditLog.findMany({ where, orderBy: { id: 'desc' }, take: AUDIT_PAGE_SIZE + 1 });
  return { rows: rows.slice(0, AUDIT_PAGE_SIZE), nextBefore: rows.length > AUDIT_PAGE_SIZE ? rows[AUDIT_PAGE_SIZE - 1]!.id : null };
}
