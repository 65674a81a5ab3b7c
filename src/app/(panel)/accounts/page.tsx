import type { Metadata } from 'next';
import { Alert } from '@/components/ui/alert';
import { AdminTable } from '@/components/ui/admin-table';
import { PageHeader } from '@/components/ui/page-header';
import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';
import { AccountActions } from '@/features/accounts/components/account-actions';
import { AccountFilters } from '@/features/accounts/components/account-filters';
import { AddAccountForm } from '@/features/accounts/components/add-account-form';
import { formatDateTime } from '@/lib/format';
import { findAccount, searchAccounts } from '@/features/accounts/repository';
import { ACCOUNTS_PER_PAGE, loadAccountSearch, serializeAccountSearch } from '@/features/accounts/search-params';
import { requirePageUser } from '@/server/auth/current-user';
import { env } from '@/server/config';

export const metadata: Metadata = { title: 'Shop accounts' };

const CONNECT_ERRORS: Record<string, string> = {
  INVALID_STATE: 'That authorization link was already used, expired, or was started by someone else. Start again with Connect.',
  DENIED: 'The authorization was cancelled on TikTok. Nothing changed.',
  NOT_A_SELLER: 'TikTok authorized a creator or partner account; refunds need a seller account.',
  NO_SHOP: 'TikTok authorized no shop for this app.',
  DUPLICATE_SHOP: 'That shop is already connected as another account.',
  INTERNAL_ERROR: 'The connection failed on our side; nothing was saved. Try again.',
};

export default async function AccountsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageUser('admin');
  const params = await searchParams;
  const search = loadAccountSearch(params);
  const { accounts, matching, all, page, pageCount } = await searchAccounts(search);
  const filtered = Boolean(search.q ?? search.state);
  const storeTimeZone = env.STORE_TIMEZONE;
  const connectedId = typeof params.connected === 'string' && /^\d{1,9}$/.test(params.connected) ? Number(params.connected) : null;
  const connected = connectedId === null ? null : await findAccount(connectedId);
  const first = (page - 1) * ACCOUNTS_PER_PAGE + 1;
  const connectError = typeof params.connect_error === 'string' ? params.connect_error : undefined;
  return (
    <main>
      <PageHeader title="Shop accounts" description="TikTok shops whose returns, refunds and cancellations the panel syncs." />
      <div className="mb-4 space-y-2">
        {connected ? (
          <Alert tone="success">
            {connected.name} is connected to TikTok shop {connected.shopId}.
          </Alert>
        ) : null}
        {connectError ? (
          <Alert tone="error">
            {CONNECT_ERRORS[connectError] ??
              (connectError.startsWith('TIKTOK_') ? `TikTok refused the connection (${connectError.slice(7)}).` : 'The connection failed.')}
          </Alert>
        ) : null}
      </div>
      {/* Past a screenful of shops (an agency's hundreds), find them by name or by what needs doing. */}
      {all > 10 || filtered ? <AccountFilters search={search} /> : null}
      {(all > 10 || filtered) && matching > 0 ? (
        <p className="mb-2 text-sm text-slate-600" role="status">
          {`${first.toLocaleString('en-US')}–${(first + accounts.length - 1).toLocaleString('en-US')} of ${matching.toLocaleString('en-US')} ${filtered ? `matching (${all.toLocaleString('en-US')} in all)` : 'accounts'}`}
        </p>
      ) : null}
      <AdminTable
        label="Shop accounts"
        headers={['Account', 'TikTok shop', 'Authorization', 'Last sync', 'Manage']}
        className="mb-6"
        empty={accounts.length === 0 ? (filtered ? 'No account matches these filters.' : 'No shop accounts yet. Add one below, then connect it.') : null}
      >
        {accounts.map((account) => (
          <tr key={account.id} data-account-id={account.id} className={account.active ? '' : 'bg-slate-50 text-slate-500'}>
            <td className="px-3 py-2 align-top">
              <div className="font-medium">
                {account.name} <span className="text-xs text-slate-500">#{account.id}</span>
              </div>
              <div className="text-xs">
                <span className={account.environment === 'Sandbox' ? 'rounded bg-amber-100 px-1 text-amber-900' : 'rounded bg-sky-100 px-1 text-sky-900'}>
                  {account.environment}
                </span>{' '}
                {account.active ? 'active' : 'inactive'} · {account.writeBack ? 'write-back on' : 'read-only'}
              </div>
            </td>
            <td className="px-3 py-2 align-top">
              <div className="font-mono text-xs">{account.shopId ?? 'not connected'}</div>
              <div className="text-xs text-slate-500">{[account.region, account.shopCode].filter(Boolean).join(' · ')}</div>
            </td>
            <td className="px-3 py-2 align-top text-xs">
              {account.connected ? (
                <>
                  <div className="text-emerald-700">Connected</div>
                  <div className="text-slate-500">token until {formatDateTime(account.accessTokenExpiresAt, storeTimeZone)}</div>
                </>
              ) : (
                <div className="text-amber-800">Needs connecting</div>
              )}
            </td>
            <td className="px-3 py-2 align-top text-xs">
              {account.lastSyncAt ? (
                <>
                  <div>{formatDateTime(account.lastSyncAt, storeTimeZone)}</div>
                  <div className={account.lastSyncOutcome === 'Succeeded' ? 'text-emerald-700' : 'text-rose-700'}>{account.lastSyncOutcome}</div>
                  {account.lastSyncOutcome !== 'Succeeded' && account.lastSyncError ? (
                    <div className="max-w-56 truncate text-rose-700" title={account.lastSyncError}>
                      {account.lastSyncError}
                    </div>
                  ) : null}
                </>
              ) : (
                'never'
              )}
            </td>
            <td className="px-3 py-2 align-top">
              <AccountActions
                id={account.id}
                name={account.name}
                appKey={account.appKey}
                serviceId={account.serviceId}
                environment={account.environment}
                writeBack={account.writeBack}
                active={account.active}
                connected={account.connected}
              />
            </td>
          </tr>
        ))}
      </AdminTable>
      {pageCount > 1 ? (
        <nav aria-label="Account pages" className="-mt-3 mb-6 flex items-center gap-2 text-sm">
          {page > 1 ? (
            <Link href={`/accounts${serializeAccountSearch({ ...search, page: page - 1 === 1 ? null : page - 1 })}`} className={buttonClass('secondary')}>
              Previous
            </Link>
          ) : null}
          <span className="text-slate-600">
            Page {page} of {pageCount}
          </span>
          {page < pageCount ? (
            <Link href={`/accounts${serializeAccountSearch({ ...search, page: page + 1 })}`} className={buttonClass('secondary')}>
              Next
            </Link>
          ) : null}
        </nav>
      ) : null}
      <section className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="mb-3 text-sm font-semibold">Add a shop account</h2>
        <AddAccountForm sandboxAvailable={env.TIKTOK_SANDBOX !== 'off'} />
      </section>
    </main>
  );
}
