'use server';

import { z } from 'zod';
import { fail } from '@/lib/action-result';
import { defineAction } from '@/server/action';
import { audit } from '@/server/audit';
import { db } from '@/server/db';
import { runSummary } from '@/server/sync/run-summary';
import { requestSync, type StartedSync } from '@/server/sync/runs';

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

/** What the panel says about a start: joined, started, and which accounts another run is already syncing. */
async function describeStart(started: StartedSync): Promise<string> {
  const elsewhere = started.alongside.flatMap((run) => run.accountIds.map((accountId) => ({ accountId, runId: run.runId })));
  const names = new Map(
    (
      await db.shopAccount.findMany({ where: { id: { in: [...started.accountIds, ...elsewhere.map((e) => e.accountId)] } }, select: { id: true, name: true } })
    ).map((a) => [a.id, a.name]),
  );
  const head = started.joined
    ? `A sync covering ${started.accountIds.length === 1 ? names.get(started.accountIds[0]!) : `these ${started.accountIds.length} accounts`} was already running (run ${started.runId}); showing its progress.`
    : 'Sync started.';
  const tail = elsewhere.length
    ? ` Already syncing elsewhere: ${elsewhere.map((e) => `${names.get(e.accountId) ?? `#${e.accountId}`} (run ${e.runId})`).join(', ')}.`
    : '';
  return head + tail;
}

/**
 * Sync Refunds: syncs the active accounts (or those the grid is filtered to). Joins a running run
 * only when it covers every one of them; otherwise starts a run for the accounts no running run
 * covers, and says which run covers the others.
 */
export const startSyncAction = defineAction(
  { name: 'sync.start', role: 'operator', input: startSchema, invalid: 'Unknown accounts.' },
  async (input, { actor, user, ipAddress }) => {
    const started = await requestSync({ trigger: 'Manual', requestedBy: user.email, accountIds: input.accountIds });
    await audit({
      actor,
      action: 'sync.start',
      outcome: 'ok',
      targetType: 'sync_run',
      targetId: started.runId,
      details: { joined: started.joined, accountIds: input.accountIds, covers: started.accountIds, alongside: started.alongside },
      ipAddress,
    });
    return { ok: true, data: started, message: await describeStart(started) };
  },
);

/** A run's live progress (the Sync Refunds panel polls it). */
export const syncProgressAction = defineAction({ name: 'sync.progress', role: 'viewer', input: runSchema }, async (input) => {
  const run = await runSummary(input.runId);
  return run ? { ok: true, data: run } : fail('NOT_FOUND', 'No such sync run.');
});
