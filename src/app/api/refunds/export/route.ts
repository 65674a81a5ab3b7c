import { Readable } from 'node:stream';
import { exportColumnsFor, exportCsv, exportFileName } from '@/features/refunds/export';
import { loadRefundSearch } from '@/features/refunds/search-params';
import { audit } from '@/server/audit';
import { actorOf, authorizeRequest, requestAddress } from '@/server/auth/current-user';
import { env } from '@/server/config';
import { db } from '@/server/db';
import { logError } from '@/server/log';

/**
 * "Export CSV": every row matching the grid's query string (filters and sort), with the columns in
 * `columns` (the grid's visible ones) plus the amount and currency. Viewers and up.
 */
export async function GET(request: Request) {
  const gate = await authorizeRequest('viewer');
  if (!gate.ok) return gate.response;
  const url = new URL(request.url);
  const search = loadRefundSearch(url.searchParams);
  const visible = url.searchParams.get('columns')?.split(',').filter(Boolean) ?? null;
  const columns = exportColumnsFor(visible);
  const storeTimeZone = env.STORE_TIMEZONE;
  const accounts = new Map((await db.shopAccount.findMany({ select: { id: true, name: true } })).map((a) => [a.id, a.name]));
  const filename = exportFileName(search, accounts, storeTimeZone);
  const actor = actorOf(gate.user);
  const ipAddress = await requestAddress();
  const filters = Object.fromEntries([...url.searchParams.entries()].filter(([key]) => key !== 'columns'));
  try {
    const stream = await exportCsv(search, storeTimeZone, columns, (result) => {
      void audit({ actor, action: 'refund.export', outcome: 'rows' in result ? 'ok' : 'failed', details: { filters, columns, ...('rows' in result ? { rows: result.rows } : {}), filename }, ipAddress }).catch(() => undefined);
    });
    return new Response(Readable.toWeb(stream) as ReadableStream, {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${filename}"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      },
    });
  } catch (error) {
    logError('refund.export_failed', { error });
    return Response.json({ error: 'INTERNAL_ERROR' }, { status: 500 });
  }
}

export const dynamic = 'force-dynamic';
