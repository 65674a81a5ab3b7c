import { Readable } from 'node:stream';
import { exportColumnsFor, exportCsv, exportFileName, type ExportShape } from '@/features/refunds/export';
import { loadRefundSearch } from '@/features/refunds/search-params';
import { audit } from '@/server/audit';
import { requestAddress } from '@/server/auth/current-user';
import { env } from '@/server/config';
import { db } from '@/server/db';
import { csvDownload, defineRoute } from '@/server/route';

/**
 * "Export CSV": every row matching the grid's query string (filters and sort), with the columns in
 * `columns` (the grid's visible ones, in their order) plus the ids; or, with `shape=lines`, one row
 * per refunded SKU. Viewers and up.
 */
export const GET = defineRoute({ name: 'refund.export', role: 'viewer' }, async ({ request, user }) => {
  const url = new URL(request.url);
  const search = loadRefundSearch(url.searchParams);
  const visible = url.searchParams.get('columns')?.split(',').filter(Boolean) ?? null;
  const shape: ExportShape = url.searchParams.get('shape') === 'lines' ? { kind: 'lines' } : { kind: 'refunds', columns: exportColumnsFor(visible) };
  const storeTimeZone = env.STORE_TIMEZONE;
  const accounts = new Map((await db.shopAccount.findMany({ select: { id: true, name: true } })).map((a) => [a.id, a.name]));
  const filename = exportFileName(search, accounts, storeTimeZone, new Date(), shape.kind);
  const actor = { id: user!.id, label: user!.email };
  const ipAddress = await requestAddress();
  const filters = Object.fromEntries([...url.searchParams.entries()].filter(([key]) => key !== 'columns' && key !== 'shape'));
  const columns = shape.kind === 'refunds' ? shape.columns : 'lines';
  const stream = await exportCsv(search, storeTimeZone, shape, (result) => {
    void audit({
      actor,
      action: 'refund.export',
      outcome: 'rows' in result ? 'ok' : 'failed',
      details: { filters, columns, ...('rows' in result ? { rows: result.rows } : {}), filename },
      ipAddress,
    }).catch(() => undefined);
  });
  return csvDownload(Readable.toWeb(stream) as ReadableStream, filename);
});

export const dynamic = 'force-dynamic';
