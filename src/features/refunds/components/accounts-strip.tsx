'use client';

import Link from 'next/link';
import { useState } from 'react';
import { formatDateTime, plural } from '@/lib/format';
import type { GridAccount } from '../queries';

/**
 * Shops listed one by one up to this many; beyond, a summary with the longest-unsynced named and
 * the whole list on demand. An agency's 500 shops as one list (and 12 failure banners) pushed the
 * grid below the first screen.
 */
const LISTED_SHOPS = 6;
/** Failed syncs shown as a banner each up to this many; beyond, one banner for all of them. */
const LISTED_FAILURES = 2;
/** Longest-unsynced shops named in the summary. */
const STALEST_NAMED = 3;

function lag(since: number, now: number): string {
  const minutes = Math.max(0, Math.round((now - since) / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} h ago` : `${Math.floor(hours / 24)} d ago`;
}

function failureText(account: GridAccount, timeZone: string): string {
  const failure = account.failure!;
  const at = failure.at === null ? '' : ` (${formatDateTime(new Date(failure.at), timeZone)})`;
  const since = account.syncedAt === null ? 'ever' : formatDateTime(new Date(account.syncedAt), timeZone);
  return `${failure.partial ? 'finished with errors' : 'failed'}${at}: ${failure.error ?? 'see Sync runs'}. Its refunds may be out of date since ${since}.`;
}

function ToggleButton({ open, onToggle, show, hide }: { open: boolean; onToggle: () => void; show: string; hide: string }) {
  return (
    <button type="button" aria-expanded={open} className="font-medium underline" onClick={onToggle}>
      {open ? hide : show}
    </button>
  );
}

function Failures({ failing, timeZone }: { failing: GridAccount[]; timeZone: string }) {
  const [open, setOpen] = useState(false);
  if (failing.length <= LISTED_FAILURES) {
    return failing.map((account) => (
      <div key={account.id} role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-900">
        <span className="font-medium">The last sync of {account.name}</span> {failureText(account, timeZone)}
      </div>
    ));
  }
  const named = failing.slice(0, STALEST_NAMED).map((a) => a.name);
  return (
    <div role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-900">
      <span className="font-medium">The last sync of {plural(failing.length, 'shop')} failed or finished with errors</span>: {named.join(', ')}
      {failing.length > named.length ? ` and ${failing.length - named.length} more` : ''}. Their refunds may be out of date.{' '}
      <Link href="/sync-runs" className="font-medium underline">
        Sync runs
      </Link>{' '}
      · <ToggleButton open={open} onToggle={() => setOpen(!open)} show={`Show all ${failing.length}`} hide="Hide them" />
      {open ? (
        <ul aria-label="Shops whose last sync failed" className="mt-2 list-disc space-y-1 pl-5">
          {failing.map((account) => (
            <li key={account.id}>
              <span className="font-medium">{account.name}</span> {failureText(account, timeZone)}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function ShopList({ shops, timeZone, now }: { shops: GridAccount[]; timeZone: string; now: number }) {
  return (
    <ul aria-label="Accounts and their last sync" className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
      {shops.map((account) => (
        <li
          key={account.id}
          title={account.syncedAt === null ? 'Never synced successfully' : `Last successful sync ${formatDateTime(new Date(account.syncedAt), timeZone)}`}
        >
          <span className="font-medium text-slate-800">{account.name}</span>
          {account.sandbox ? <span className="ml-1 rounded bg-amber-100 px-1 text-amber-900">sandbox</span> : null}{' '}
          {account.syncedAt === null ? 'never synced' : `synced ${lag(account.syncedAt, now)}`}
        </li>
      ))}
    </ul>
  );
}

/** Many shops: how fresh they are at a glance, the longest-unsynced by name, the full list on demand. */
function ShopSummary({ shops, timeZone, now }: { shops: GridAccount[]; timeZone: string; now: number }) {
  const [open, setOpen] = useState(false);
  const synced = shops.filter((a): a is GridAccount & { syncedAt: number } => a.syncedAt !== null).sort((a, b) => a.syncedAt - b.syncedAt);
  const never = shops.length - synced.length;
  const stalest = synced.slice(0, STALEST_NAMED);
  return (
    <div className="space-y-1 text-xs text-slate-600">
      <p>
        <span className="font-medium text-slate-800">{plural(shops.length, 'shop')}</span>
        {synced.length ? ` · last synced between ${lag(synced.at(-1)!.syncedAt, now)} and ${lag(synced[0]!.syncedAt, now)}` : ''}
        {never ? ` · ${plural(never, 'shop')} never synced` : ''}
        {stalest.length ? ` · longest since a sync: ${stalest.map((a) => `${a.name} (${lag(a.syncedAt, now)})`).join(', ')}` : ''} ·{' '}
        <ToggleButton open={open} onToggle={() => setOpen(!open)} show={`Show all ${shops.length}`} hide="Hide the list" />
      </p>
      {/* Listed in the order they need attention: never synced, then the longest since a sync. */}
      {open ? <ShopList shops={[...shops.filter((a) => a.syncedAt === null), ...synced]} timeZone={timeZone} now={now} /> : null}
    </div>
  );
}

/** Where the shops' syncs stand: a banner for failed ones, and each shop's last successful sync (summarised past a few shops). */
export function AccountsStrip({ accounts, timeZone, now }: { accounts: GridAccount[]; timeZone: string; now: number }) {
  const active = accounts.filter((a) => a.active);
  const failing = active.filter((a) => a.failure);
  return (
    <div className="space-y-2">
      <Failures failing={failing} timeZone={timeZone} />
      {active.length > LISTED_SHOPS ? <ShopSummary shops={active} timeZone={timeZone} now={now} /> : <ShopList shops={active} timeZone={timeZone} now={now} />}
    </div>
  );
}
