import { formatDateTime, formatMoney, humanizeEnum } from '@/lib/format';
import { TYPE_LABELS } from '../labels';
import type { listLatestRefunds } from '../queries';

type Row = Awaited<ReturnType<typeof listLatestRefunds>>['rows'][number];

const HEADERS = [
  'Marketplace Refund ID', 'Marketplace Order ID', 'Account ID', 'Type', 'Status', 'Marketplace Status',
  'Reason', 'Amount', 'Created At', 'Updated At',
];

export function RefundsTable({ rows, timeZone }: { rows: Row[]; timeZone: string }) {
  if (rows.length === 0) {
    return <p className="rounded border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">No refunds yet. Sync Refunds pulls them from TikTok Shop.</p>;
  }
  return (
    <div className="overflow-x-auto rounded border border-slate-200 bg-white">
      <table className="min-w-full text-sm" aria-label="Refund requests">
        <thead className="bg-slate-100 text-left text-xs uppercase tracking-wide text-slate-600">
          <tr>{HEADERS.map((h) => <th key={h} scope="col" className="px-3 py-2 font-medium">{h}</th>)}</tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={row.id} className="hover:bg-slate-50" data-refund-id={row.marketplaceRefundId}>
              <td className="px-3 py-2 font-mono">{row.marketplaceRefundId}</td>
              <td className="px-3 py-2 font-mono">{row.marketplaceOrderId}</td>
              <td className="px-3 py-2"><span className="font-mono">{row.account.shopId ?? row.account.id}</span> <span className="text-slate-500">{row.account.name}</span></td>
              <td className="px-3 py-2">{TYPE_LABELS[row.type]}</td>
              <td className="px-3 py-2">{row.status}</td>
              <td className="px-3 py-2">{humanizeEnum(row.marketplaceStatus)}</td>
              <td className="px-3 py-2">{row.reasonText ?? humanizeEnum(row.reason)}</td>
              <td className="px-3 py-2 text-right tabular-nums">{formatMoney(row.refundAmount?.toString(), row.currency)}</td>
              <td className="px-3 py-2 whitespace-nowrap">{formatDateTime(row.marketplaceCreatedAt, timeZone)}</td>
              <td className="px-3 py-2 whitespace-nowrap">{formatDateTime(row.marketplaceUpdatedAt, timeZone)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
