import { parseArgs } from 'node:util';
import { plural } from '@/lib/format';
import { audit, SYSTEM_ACTORS } from '@/server/audit';
import { env } from '@/server/config';
import { db } from '@/server/db';
import { financeSummary } from '@/features/sync/run-text';
import { requestSync, syncRunProgress, type SyncRunProgress } from '@/server/sync/runs';
import { waitForRuns } from '@/server/sync/sync-now';
import { ensureLocalSecrets, loadEnv, runMain, UsageError, withDatabase } from './lib/runtime';

/**
 * `npm run sync [-- --account <id> ...]`: Sync Refunds from the command line (cron). Queues the
 * run like the button does, works its jobs in this process (beside any worker already running;
 * WORKERS=0 only waits for them), then prints a summary per account and exits 1 when any account
 * failed. Accounts another running run already covers are waited for and reported from that run.
 */
const USAGE = 'usage: npm run sync [-- --account <id> [--account <id> ...]]';

function lines(run: SyncRunProgress, only?: Set<number>): string[] {
  return run.accounts
    .filter((a) => !only || only.has(a.accountId))
    .map(
      (a) =>
        [
          `  #${a.accountId} ${a.account.name}`,
          a.outcome,
          plural(a.pages, 'page'),
          `${a.fetched} fetched`,
          `${a.created} new`,
          `${a.updated} updated`,
          `${a.unchanged} unchanged`,
          a.unmapped ? `${a.unmapped} unmapped` : null,
          a.skipped ? `${a.skipped} skipped (no usable id)` : null,
          a.reportedTotal === null ? null : `TikTok reported ${a.reportedTotal}, ${a.fetched} received`,
          a.error,
        ]
          .filter(Boolean)
          .join(' · ') +
        a.notes.map((note) => `\n    ${note}`).join('') +
        (a.finance ? `\n    ${financeSummary(a.finance)}` : ''),
    );
}

runMain(async () => {
  loadEnv();
  let values;
  try {
    ({ values } = parseArgs({ options: { account: { type: 'string', multiple: true } } }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  const accountIds = (values.account ?? []).map((text) => {
    const id = Number(text);
    // Account ids are PostgreSQL integers: 2^31 and above name no account.
    if (!/^\d{1,10}$/.test(text) || !Number.isInteger(id) || id < 1 || id > 2 ** 31 - 1)
      throw new UsageError(`--account takes an account id (got ${text})\n${USAGE}`);
    return id;
  });
  await ensureLocalSecrets(['APP_ENCRYPTION_KEY']);
  return withDatabase(async () => {
    const started = await requestSync({ trigger: 'Cli', requestedBy: 'cli', accountIds });
    await audit({
      actor: SYSTEM_ACTORS.cli,
      action: 'sync.start',
      outcome: 'ok',
      targetType: 'sync_run',
      targetId: started.runId,
      details: { joined: started.joined, accountIds, covers: started.accountIds, alongside: started.alongside },
    });
    if (started.joined)
      console.log(`a sync covering these accounts is already running (run ${started.runId}, accounts ${started.accountIds.join(', ')}); waiting for it`);
    else console.log(`sync run ${started.runId} started`);
    for (const other of started.alongside)
      console.log(`accounts ${other.accountIds.join(', ')} are already being synced by run ${other.runId}; waiting for it`);

    const runIds = [started.runId, ...started.alongside.map((other) => other.runId)];
    if (env.WORKERS > 0) {
      await waitForRuns(runIds, { concurrency: env.WORKER_CONCURRENCY });
    } else {
      while ((await db.syncRun.count({ where: { id: { in: runIds }, outcome: 'Running' } })) > 0) await new Promise((resolve) => setTimeout(resolve, 1000));
    }

    const run = await syncRunProgress(started.runId);
    if (!run) throw new Error(`sync run ${started.runId} disappeared`);
    if (run.accounts.length === 0) console.log('no active accounts to sync');
    console.log(`sync run ${run.id}: ${run.outcome}${run.error ? ` (${run.error})` : ''}`);
    for (const text of lines(run)) console.log(text);
    let ok = run.outcome === 'Succeeded';
    for (const other of started.alongside) {
      const elsewhere = await syncRunProgress(other.runId);
      if (!elsewhere) continue;
      const asked = new Set(other.accountIds);
      console.log(`sync run ${elsewhere.id} (accounts ${other.accountIds.join(', ')}): ${elsewhere.outcome}`);
      for (const text of lines(elsewhere, asked)) console.log(text);
      ok &&= elsewhere.accounts.filter((a) => asked.has(a.accountId)).every((a) => a.outcome === 'Succeeded');
    }
    return ok ? 0 : 1;
  });
});
