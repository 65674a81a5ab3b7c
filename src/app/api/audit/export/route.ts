import { auditCsv } from '@/features/audit/export';
import { auditFilterQuery, loadAuditSearch } from '@/features/audit/search-params';
import { localDate } from '@/lib/store-time';
import { audit } from '@/server/audit';
import { requestAddress } from '@/server/auth/current-user';
import { env } from '@/server/config';
import { csvDownload, defineRoute } from '@/server/route';

/**
 * The audit log as CSV for auditors: every entry the page's filters match (all pages, newest
 * first), with the same query string as the page. Admins only, like the page; the export is itself
 * audited.
 */
export const GET = defineRoute({ name: 'audit.export', role: 'admin' }, async ({ request, user }) => {
  const search = loadAuditSearch(new URL(request.url).searchParams);
  const timeZone = env.STORE_TIMEZONE;
  const filename = `audit-log_generated-${localDate(new Date(), timeZone)}.csv`;
  await audit({
    actor: { id: user!.id, label: user!.email },
    action: 'audit.export',
    outcome: 'ok',
    details: { filters: Object.fromEntries(new URLSearchParams(auditFilterQuery(search))), filename },
    ipAddress: await requestAddress(),
  });
  return csvDownload(auditCsv(search, timeZone), filename);
});

export const dynamic = 'force-dynamic';
