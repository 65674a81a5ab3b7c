import type { Metadata } from 'next';
import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { AuditFilters } from '@/features/audit/components/audit-filters';
import { AuditTable } from '@/features/audit/components/audit-table';
import { auditActors, listAuditEntries } from '@/features/audit/queries';
import { auditFilterQuery, loadAuditSearch, serializeAuditSearch } from '@/features/audit/search-params';
import { requirePageUser } from '@/server/auth/current-user';
import { env } from '@/server/config';

export const metadata: Metadata = { title: 'Audit log' };

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageUser('admin');
  const search = loadAuditSearch(await searchParams);
  const timeZone = env.STORE_TIMEZONE;
  const [{ entries, nextBefore }, actors] = await Promise.all([listAuditEntries(search, timeZone), auditActors()]);
  const filters = auditFilterQuery(search);
  return (
    <main>
      <PageHeader title="Audit log" description={`Every admin action, newest first. Times and dates in ${timeZone}.`} />
      <AuditFilters search={search} actors={actors} timeZone={timeZone} />
      <AuditTable entries={entries} timeZone={timeZone} />
      <nav aria-label="Audit log pages" className="mt-3 flex gap-2">
        {search.before ? (
          <Link href={`/audit${filters ? `?${filters}` : ''}`} className={buttonClass('secondary')}>
            Newest entries
          </Link>
        ) : null}
        {nextBefore ? (
          <Link href={`/audit${serializeAuditSearch({ ...search, before: nextBefore })}`} className={buttonClass('secondary')}>
            Older entries
          </Link>
        ) : null}
      </nav>
    </main>
  );
}
