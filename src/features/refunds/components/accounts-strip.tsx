import { formatDateTime } from '@/lib/format';
import type { GridAccount } from '../queries';

function lag(since: Date | null, now: number): string {
  if (!since) return 'never synced';
  const minutes = Math.max(0, Math.round((now - since.getTime()) / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} h ago` : `${Math.floor(hours / 24)} d ago`;
}

/** Per account: last successful sync and its lag; a banner for each account whose last sync failed. */
export function AccountsStrip({ accounts, timeZone, now }: { accounts: GridAccount[]; timeZone: string; now: number }) {
  const failing = accounts.filter((a) => a.active && (a.lastSyncOutcome === 'Failed' || a.lastSyncOutcome === 'PartiallyFailed'));
  return (
    <div className="space-y-2">
      {failing.map((account) => (
        <div key={account.id} role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-900">
          <span className="font-medium">
            The last sync of {account.name} {account.lastSyncOutcome === 'Failed' ? 'failed' : 'finished with errors'}
          </span>
          {account.lastSyncAt ? ` (${formatDateTime(account.lastSyncAt, timeZone)})` : ''}: {account.lastSyncError ?? 'see Sync runs'}. Its refunds may be out
          of date since {account.lastSuccessfulSyncAt ? formatDateTime(account.lastSuccessfulSyncAt, timeZone) : 'ever'}.
        </div>
      ))}
      <ul aria-label="Accounts and their last sync" className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
        {accounts
          .filter((a) => a.active)
          .map((account) => (
            <li
              key={account.id}
              title={
                account.lastSuccessfulSyncAt ? `Last successful sync ${formatDateTime(account.lastSuccessfulSyncAt, timeZone)}` : 'Never synced successfully'
              }
            >
              <span className="font-medium text-slate-800">{account.name}</span>
              {account.environment === 'Sandbox' ? <span className="ml-1 rounded bg-amber-100 px-1 text-amber-900">sandbox</span> : null} synced{' '}
              {lag(account.lastSuccessfulSyncAt, now)}
            </li>
          ))}
      </ul>
    </div>
  );
}
