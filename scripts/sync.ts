import { parseArgs } from 'node:util';
import { plural } from '@/lib/format';
import { audit, SYSTEM_ACTORS } from '@/server/audit';
import { executeSync, startSync } from '@/server/sync/engine';
import { financeSummary, syncRunProgress, type SyncRunProgress } from '@/server/sync/runs';
import { ensureLocalSecrets, loadEnv, runMain, UsageError, withDatabase } from './lib/runtime';

/**
 * `npm run sync [-- --account <id> ...]`: Sync Refunds from the command line (cron). Prints a
 * summary per account; exits 1 when any account failed. When a sync is already running (the app's,
 * or another cron), it waits for that one and reports it instead of starting a second.
 */
const USAGE = 'usage: npm run sync [-- --account <id> [--account <id> ...]]';

function line(run: SyncRunProgress): string[] {
  return run.accounts.map(
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
    const started = await startSync({ trigger: 'Cli', requestedBy: 'cli', accountIds });
    await audit({
      actor: SYSTEM_ACTORS.cli,
      action: 'sync.start',
      outcome: 'ok',
      targetType: 'sync_run',
      targetId: started.runId,
      details: { joined: started.joined, accountIds },
    });
    const covering = started.accounts.map((a) => `#${a.id}`).join(', ') || 'no accounts';
    if (started.joined) console.log(`a sync is already running (run ${started.runId}, covering ${covering}); waiting for it`);
    else console.log(`sync run ${started.runId} started (${covering})`);
    for (const run of started.alongside) console.log(`run ${run.runId} is already syncing ${run.accounts.map((a) => `#${a.id}`).join(', ')}`);
    const work = started.joined ? Promise.resolve() : executeSync(started.runId);
    let run = await syncRunProgress(started.runId);
    while (run && run.outcome === 'Running') {
      await Promise.race([work, new Promise((resolve) => setTimeout(resolve, 1000))]);
      run = await syncRunProgress(started.runId);
    }
    await work;
    if (!run) throw new Error(`sync run ${started.runId} disappeared`);
    if (run.accounts.length === 0) console.log('no active accounts to sync');
    console.log(`sync run ${run.id}: ${run.outcome}${run.error ? ` (${run.error})` : ''}`);
    for (const text of line(run)) console.log(text);
    return run.outcome === 'Succeeded' ? 0 : 1;
  });
});
