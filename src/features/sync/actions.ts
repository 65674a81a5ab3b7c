'use server';

import { z } from 'zod';
import { AUTH_MESSAGES, fail, type ActionResult } from '@/lib/action-result';
import { audit } from '@/server/audit';
import { actorOf, authorizeAction, requestAddress } from '@/server/auth/current-user';
import { logError } from '@/server/log';
import { launchSync } from '@/server/sync/runs';

const inputSchema = z.object({ accountIds: z.array(z.number().int().positive()).max(500).default([]) });

/** Sync Refunds: starts a sync of the active accounts (or those the grid is filtered to), or joins the running one. */
export async function startSyncAction(input: { accountIds?: number[] }): Promise<ActionResult<{ runId: number; joined: boolean }>> {
  const gate = await authorizeAction('operator', 'sync.start');
  if (!gate.ok) return fail(gate.code, AUTH_MESSAGES[gate.code]);
  const parsed = inputSchema.safeParse(input ?? {});
  if (!parsed.success) return fail('INVALID_INPUT', 'Unknown accounts.');
  try {
    const started = await launchSync({ trigger: 'Manual', requestedBy: gate.user.email, accountIds: parsed.data.accountIds });
    await audit({ actor: actorOf(gate.user), action: 'sync.start', outcome: 'ok', targetType: 'sync_run', targetId: started.runId, details: { joined: started.joined, accountIds: parsed.data.accountIds }, ipAddress: await requestAddress() });
    return { ok: true, data: started, message: started.joined ? 'A sync was already running; showing its progress.' : 'Sync started.' };
  } catch (error) {
    logError('sync.start_failed', { error });
    return fail('INTERNAL_ERROR', AUTH_MESSAGES.INTERNAL_ERROR);
  }
}
