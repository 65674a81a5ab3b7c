import 'server-only';
import type { Prisma } from '@/generated/prisma/client';
import { db, type Tx } from '@/server/db';

/**
 * The audit log: every admin action (sync, Completed, Reject, write-back, export, account and user
 * changes, sign-ins) with who, when, what and how it ended. Details never hold secrets: callers
 * pass ids and outcomes, not request bodies.
 */

type AuditOutcome = 'ok' | 'failed' | 'denied';

export interface AuditActor {
  id: string | null;
  label: string;
}

export interface AuditEntry {
  actor: AuditActor;
  action: string;
  outcome: AuditOutcome;
  targetType?: string;
  targetId?: string | number;
  details?: Prisma.InputJsonValue;
  ipAddress?: string | null;
}

export const SYSTEM_ACTORS = {
  cli: { id: null, label: 'cli' },
  scheduler: { id: null, label: 'scheduler' },
  tiktok: { id: null, label: 'tiktok-webhook' },
  anonymous: { id: null, label: 'anonymous' },
} satisfies Record<string, AuditActor>;

export async function audit(entry: AuditEntry, tx: Tx | typeof db = db): Promise<void> {
  await tx.auditLog.create({
    data: {
      actorId: entry.actor.id,
      actorLabel: entry.actor.label,
      action: entry.action,
      outcome: entry.outcome,
      targetType: entry.targetType,
      targetId: entry.targetId === undefined ? undefined : String(entry.targetId),
      details: entry.details,
      ipAddress: entry.ipAddress ?? undefined,
    },
  });
}
