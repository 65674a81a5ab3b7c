import Link from 'next/link';
import { AdminTable } from '@/components/ui/admin-table';
import { formatDateTime, formatMoneyCode } from '@/lib/format';
import type { listStatements } from '../queries';
import { refundHref } from './exceptions-list';
import { Money } from './money';

type Statements = Awaited<ReturnType<typeof listStatements>>;

/** TikTok's statements: the payout, its payment, and the refunds each took back with their fees. */
export function StatementsList({ data, timeZone }: { data: Statements; timeZone: string }) {
  return (
    <>
      {data.totals.length ? (
        <AdminTable
          label="Statement totals per currency"
          headers={[
            'Currency',
            'Statements',
            'Payouts',
            'Refunds deducted',
            'Goods taken back',
            'Referral fees returned',
            'Refund admin fees',
            'Return shipping',
            'Net for refunds',
          ]}
          className="mb-4"
        >
          {data.totals.map((t) => (
            <tr key={t.currency} data-currency={t.currency} className="whitespace-nowrap tabular-nums">
              <td className="px-3 py-2 font-medium">{t.currency}</td>
              <td className="px-3 py-2">{t.statements.toLocaleString('en-US')}</td>
              <td className="px-3 py-2">{formatMoneyCode(t.settlement, t.currency)}</td>
              <td className="px-3 py-2">{t.refundsDeducted.toLocaleString('en-US')}</td>
              <td className="px-3 py-2">{formatMoneyCode(t.goods, t.currency)}</td>
              <td className="px-3 py-2">{formatMoneyCode(t.referralFee, t.currency)}</td>
              <td className="px-3 py-2">{formatMoneyCode(t.adminFee, t.currency)}</td>
              <td className="px-3 py-2">{formatMoneyCode(t.returnShipping, t.currency)}</td>
              <td className="px-3 py-2">{formatMoneyCode(t.net, t.currency)}</td>
            </tr>
          ))}
        </AdminTable>
      ) : null}
      <AdminTable
        label="Statements"
        headers={['Statement', 'Shop', 'Payout', 'Payment', 'Refunds deducted']}
        empty={data.rows.length === 0 ? 'No statements for these filters yet. They arrive with each sync.' : null}
      >
        {data.rows.map((s) => (
          <tr key={s.id} data-statement-id={s.statementId} className="align-top">
            <td className="px-3 py-2 text-sm">
              <div className="whitespace-nowrap">{formatDateTime(s.statementTime, timeZone)}</div>
              <div className="font-mono text-xs text-slate-500">{s.statementId}</div>
            </td>
            <td className="px-3 py-2 text-sm">{s.accountName}</td>
            <td className="px-3 py-2 text-right text-sm">
              <Money amount={s.settlementAmount} currency={s.currency} signed />
            </td>
            <td className="px-3 py-2 text-xs">
              {s.payment ? (
                <>
                  <div>{s.payment.status?.toLowerCase() ?? '—'}</div>
                  <div className="text-slate-500">
                    <Money amount={s.payment.amount} currency={s.payment.currency} />
                    {s.payment.paidTime ? ` on ${formatDateTime(s.payment.paidTime, timeZone)}` : ''}
                  </div>
                </>
              ) : (
                (s.paymentStatus?.toLowerCase() ?? '—')
              )}
            </td>
            <td className="px-3 py-2 text-xs">
              {s.refunds.length === 0 ? (
                <span className="text-slate-500">none</span>
              ) : (
                <details>
                  <summary className="cursor-pointer text-indigo-700">
                    {s.refunds.length} refund{s.refunds.length === 1 ? '' : 's'}
                  </summary>
                  <table className="mt-1 text-xs" aria-label={`Refunds deducted in statement ${s.statementId}`}>
                    <thead className="text-left text-slate-500">
                      <tr>
                        {['Refund', 'Goods', 'Referral fee', 'Admin fee', 'Return shipping', 'Net'].map((h, i) => (
                          <th key={h} scope="col" className={`pr-3 font-normal ${i ? 'text-right' : ''}`}>
                            {h}
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {s.refunds.map((r) => (
                        <tr key={`${r.transactionRowId}:${r.refund.id}`}>
                          <td className="pr-3 font-mono">
                            <Link
                              className="text-indigo-700 underline"
                              href={refundHref({ id: r.refund.id, marketplaceRefundId: r.refund.marketplaceRefundId })}
                            >
                              {r.refund.marketplaceRefundId}
                            </Link>
                            {r.exact ? null : <span className="ml-1 text-rose-700">differs</span>}
                          </td>
                          {[r.goods, r.referralFee, r.adminFee, r.returnShipping, r.net].map((amount, i) => (
                            <td key={i} className="pr-3 text-right">
                              <Money amount={amount} currency={r.currency} signed />
                            </td>
                          ))}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </details>
              )}
            </td>
          </tr>
        ))}
      </AdminTable>
    </>
  );
}
