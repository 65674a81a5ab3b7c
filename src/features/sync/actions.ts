'use server';

import { z } from 'zod';
import { fail } from '@/lib/action-result';
import { defineAction } from '@/server/action';
import { audit } from '@/server/audit';
import type { StartedSync } from '@/server/sync/engine';
import { launchSync, syncRunProgress } from '@/server/sync/runs';

const startSchema = z.strictObject({
  accountIds: z
    .array(
      z
        .number()
        .int()
        .positive()
        .max(2 ** 31 - 1),
    )
    .max(500)
    .default([]),
});
const runSchema = z.strictObject({
  runId: z
    .number()
    .int()
    .positive()
    .max(2 ** 31 - 1),
});

const names = (accounts: { name: string }[]) => accounts.map((a) => a.name).join(', ') || 'no accounts';

/** What the Sync Refunds panel says: which accounts the run it follows covers, and where the others are synced. */
function startedMessage(started: StartedSync): string {
  const elsewhere = started.alongside.map((run) => `${names(run.accounts)} (run ${run.runId})`).join('; ');
  if (started.joined) {
    return `A sync was already running (run ${started.runId}, covering ${names(started.accounts)}); showing its progress.${elsewhere ? ` Also syncing: ${elsewhere}.` : ''}`;
  }
  return elsewhere ? `Sync started for ${names(started.accounts)}; already syncing in another run: ${elsewhere}.` : 'Sync started.';
}

/** Sync Refunds: starts a sync of the active accounts (or those the grid is filtered to), or joins the running one. */
export const startSyncAction = defineAction(
  { name: 'sync.start', role: 'operator', input: startSchema, invalid: 'Unknown accounts.' },
  async (input, { actor, user, ipAddress }) => {
    const started = await launchSync({ trigger: 'Manual', requestedBy: user.email, accountIds: input.accountIds });
    await audit({
      actor,
      action: 'sync.start',
      outcome: 'ok',
      targetType: 'sync_run',
      targetId: started.runId,
      details: { joined: started.joined, accountIds: input.accountIds, runAccountIds: started.accounts.map((a) => a.id) },
      ipAddress,
    });
    return { ok: true, data: started, message: startedMessage(started) };
  },
);

/** A run's live progress (the Sync Refunds panel polls it). */
export const syncProgressAction = defineAction({ name: 'sync.progress', role: 'viewer', input: runSchema }, async (input) => {
  const run = await syncRunProgress(input.runId);
  return run ? { ok: true, data: run } : fail('NOT_FOUND', 'No such sync run.');
});
