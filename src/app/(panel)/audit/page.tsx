import type { Metadata } from 'next';
import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { AdminTable } from '@/components/ui/admin-table';
import { PageHeader } from '@/components/ui/page-header';
import { auditSearchSchema, listAuditEntries } from '@/features/audit/queries';
import { formatDateTime } from '@/lib/format';
import { requirePageUser } from '@/server/auth/current-user';
import { env } from '@/server/config';

export const metadata: Metadata = { title: 'Audit log' };

const OUTCOME_CLASS = { ok: 'text-emerald-700', failed: 'text-rose-700', denied: 'text-amber-800' } as Record<string, string>;

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageUser('admin');
  const search = auditSearchSchema.parse(await searchParams);
  const { rows, nextBefore } = await listAuditEntries(search);
  const storeTimeZone = env.STORE_TIMEZONE;
  const next = new URLSearchParams(
    Object.entries({ ...search, before: nextBefore ?? undefined }).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])),
  );
  return (
    <main>
      <PageHeader title="Audit log" description={`Every admin action, newest first. Times in ${storeTimeZone}.`} />
      <form className="mb-4 flex flex-wrap items-end gap-2" aria-label="Filter the audit log">
        <label className="text-sm">
          Action starts with
          <input name="action" defaultValue={search.action} placeholder="refund." className={`${inputClass} w-44`} />
        </label>
        <label className="text-sm">
          Who
          <input name="actor" defaultValue={search.actor} placeholder="email" className={`${inputClass} w-52`} />
        </label>
        <label className="text-sm">
          Outcome
          <select name="outcome" defaultValue={search.outcome ?? ''} className={`${inputClass} w-32`}>
            <option value="">any</option>
            <option value="ok">ok</option>
            <option value="failed">failed</option>
            <option value="denied">denied</option>
          </select>
        </label>
        <button type="submit" className={buttonClass('secondary')}>
          Filter
        </button>
      </form>
      <AdminTable label="Audit log" headers={['When', 'Who', 'Action', 'Target', 'Outcome', 'Details']} empty={rows.length === 0 ? 'Nothing matches.' : null}>
        {rows.map((row) => (
          <tr key={row.id} data-audit-action={row.action}>
            <td className="px-3 py-1.5 whitespace-nowrap">{formatDateTime(row.at, storeTimeZone)}</td>
            <td className="px-3 py-1.5">{row.actorLabel}</td>
            <td className="px-3 py-1.5 font-mono text-xs">{row.action}</td>
            <td className="px-3 py-1.5 text-xs">{row.targetType ? `${row.targetType} ${row.targetId ?? ''}` : ''}</td>
            <td className={`px-3 py-1.5 ${OUTCOME_CLASS[row.outcome] ?? ''}`}>{row.outcome}</td>
            <td className="px-3 py-1.5 font-mono text-xs text-slate-600">{row.details ? JSON.stringify(row.details) : ''}</td>
          </tr>
        ))}
      </AdminTable>
      {nextBefore ? (
        <Link href={`/audit?${next}`} className={`${buttonClass('secondary')} mt-3`}>
          Older entries
        </Link>
      ) : null}
    </main>
  );
}
