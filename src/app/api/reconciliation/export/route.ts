import { exceptionsCsv, statementsCsv } from '@/features/reconciliation/export';
import { reconciliationParams } from '@/features/reconciliation/page-params';
import { localDate } from '@/lib/store-time';
import { audit } from '@/server/audit';
import { requestAddress } from '@/server/auth/current-user';
import { env } from '@/server/config';
import { csvDownload, defineRoute } from '@/server/route';

/**
 * The Reconciliation page's list as CSV for auditors: every row its filters match (all pages), with
 * the same filters as the page. Viewers and up.
 */
export const GET = defineRoute({ name: 'reconciliation.export', role: 'viewer' }, async ({ request, user }) => {
  const url = new URL(request.url);
  const params = reconciliationParams(Object.fromEntries(url.searchParams));
  const zone = env.STORE_TIMEZONE;
  const stream = params.tab === 'exceptions' ? exceptionsCsv(params.exceptions, zone) : statementsCsv(params.statements, zone);
  const filename = `reconciliation-${params.tab}_generated-${localDate(new Date(), zone)}.csv`;
  await audit({
    actor: { id: user!.id, label: user!.email },
    action: 'reconciliation.export',
    outcome: 'ok',
    details: { filters: Object.fromEntries(url.searchParams), filename },
    ipAddress: await requestAddress(),
  });
  return csvDownload(stream, filename);
});

export const dynamic = 'force-dynamic';
