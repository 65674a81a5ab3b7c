import Link from 'next/link';
import { AdminTable } from '@/components/ui/admin-table';
import { formatDateTime, formatMoneyCode } from '@/lib/format';
import type { listExceptions } from '../queries';
import { EXCEPTION_KINDS, EXCEPTION_LABELS } from '../labels';
import { Money } from './money';

type Exceptions = Awaited<ReturnType<typeof listExceptions>>;

/** The grid, filtered to one refund with its Refund Data open. */
export const refundHref = (refund: { id: number; marketplaceRefundId: string }) => `/refunds?refundId=${refund.marketplaceRefundId}&detail=${refund.id}`;

/** What a clerk must chase: one row per exception, with the refund and the statement lines involved. */
export function ExceptionsList({ data, timeZone }: { data: Exceptions; timeZone: string }) {
  return (
    <>
      {data.totals.length ? (
        <ul aria-label="Exceptions by kind" className="mb-4 grid gap-2 sm:grid-cols-2 xl:grid-cols-4">
          {EXCEPTION_KINDS.filter((kind) => data.totals.some((t) => t.kind === kind)).map((kind) => {
            const rows = data.totals.filter((t) => t.kind === kind);
            const refundedKind = kind === 'MissingClawback' || kind === 'PlatformRefund';
            return (
              <li key={kind} className="rounded-lg border border-slate-200 bg-white p-3 text-sm" title={EXCEPTION_LABELS[kind].hint}>
                <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${EXCEPTION_LABELS[kind].tone}`}>{EXCEPTION_LABELS[kind].title}</span>
                <div className="mt-1 text-lg font-semibold tabular-nums">{rows.reduce((n, t) => n + t.count, 0).toLocaleString('en-US')}</div>
                <div className="text-xs text-slate-600">
                  {refundedKind ? 'refunded ' : 'difference '}
                  {rows
                    .map((t) => (t.currency ? formatMoneyCode((refundedKind ? t.refunded : t.difference) ?? '0', t.currency) : `${t.count} without a currency`))
                    .join(' · ')}
                </div>
              </li>
            );
          })}
        </ul>
      ) : null}
      <AdminTable
        label="Reconciliation exceptions"
        headers={['What', 'Refund / order', 'Refunded', 'Deducted', 'Difference', 'Statement lines', 'Note']}
        empty={data.rows.length === 0 ? 'Nothing to chase for these filters.' : null}
      >
        {data.rows.map((e) => (
          <tr key={e.id} data-exception-kind={e.kind} className="align-top">
            <td className="px-3 py-2">
              <span
                className={`rounded px-1.5 py-0.5 text-xs font-medium whitespace-nowrap ${EXCEPTION_LABELS[e.kind].tone}`}
                title={EXCEPTION_LABELS[e.kind].hint}
              >
                {EXCEPTION_LABELS[e.kind].title}
              </span>
              <div className="mt-1 text-xs whitespace-nowrap text-slate-500">{formatDateTime(e.occurredAt, timeZone)}</div>
            </td>
            <td className="px-3 py-2 font-mono text-xs">
              {e.refund ? (
                <Link className="text-indigo-700 underline" href={refundHref({ id: e.refund.id, marketplaceRefundId: e.refund.marketplaceRefundId })}>
                  {e.refund.marketplaceRefundId}
                </Link>
              ) : (
                <span className="text-slate-500">no refund</span>
              )}
              <div className="text-slate-500">order {e.orderId ?? '—'}</div>
              <div className="font-sans text-slate-600">{e.accountName}</div>
            </td>
            <td className="px-3 py-2 text-right text-sm">
              <Money amount={e.refunded} currency={e.currency} />
            </td>
            <td className="px-3 py-2 text-right text-sm">
              <Money amount={e.deducted} currency={e.currency} signed />
            </td>
            <td className="px-3 py-2 text-right text-sm">
              <Money amount={e.difference} currency={e.currency} signed />
            </td>
            <td className="px-3 py-2 text-xs">
              {e.lines.length ? (
                <ul className="space-y-0.5">
                  {e.lines.map((l) => (
                    <li key={l.transactionRowId}>
                      <span className="font-mono">{l.statementId}</span>
                      <span className="block text-slate-600">
                        {l.type.toLowerCase().replace(/_/g, ' ')} · <Money amount={l.settlementAmount} currency={l.currency} signed />
                      </span>
                    </li>
                  ))}
                </ul>
              ) : (
                <span className="text-slate-500">none</span>
              )}
            </td>
            <td className="min-w-64 px-3 py-2 text-xs text-slate-700">{e.note}</td>
          </tr>
        ))}
      </AdminTable>
    </>
  );
}
