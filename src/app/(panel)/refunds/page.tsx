import type { Metadata } from 'next';
import { connection } from 'next/server';
import { RefundsTable } from '@/features/refunds/components/refunds-table';
import { listLatestRefunds } from '@/features/refunds/queries';
import { requirePageUser } from '@/server/auth/session';
import { appConfig } from '@/server/config';

export const metadata: Metadata = { title: 'Refunds' };

export default async function RefundsPage() {
  await connection();
  await requirePageUser('viewer');
  const { storeTimeZone } = appConfig();
  const { rows, total } = await listLatestRefunds();
  return (
    <main>
      <header className="mb-4 flex items-baseline justify-between">
        <h1 className="text-2xl font-semibold">TikTok Refunds</h1>
        <p className="text-sm text-slate-600">
          {total.toLocaleString('en-US')} refund requests · times in {storeTimeZone}
        </p>
      </header>
      <RefundsTable rows={rows} timeZone={storeTimeZone} />
    </main>
  );
}
