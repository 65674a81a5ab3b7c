'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import { formatDateTime } from '@/lib/format';
import { localDate } from '@/lib/store-time';
import { refundSettlementAction } from '../actions';
import { EXCEPTION_LABELS } from '../labels';
import { Money } from './money';

type Settlement = Extract<Awaited<ReturnType<typeof refundSettlementAction>>, { ok: true }>['data'];

/**
 * In the Refund Data modal: the statement lines that took this refund back from the payout (or paid
 * it back), with each one's share, and what reconciliation flagged. Links to the statement on the
 * Reconciliation page and back.
 */
export function SettlementPanel({ refundId, accountId, timeZone, changes }: { refundId: number; accountId: number; timeZone: string; changes: number }) {
  const [state, setState] = useState<{ id: number; data: Settlement | null; error: boolean } | null>(null);
  useEffect(() => {
    let cancelled = false;
    refundSettlementAction({ id: refundId })
      .then((result) => !cancelled && setState({ id: refundId, data: result.ok ? result.data : null, error: !result.ok }))
      .catch(() => !cancelled && setState({ id: refundId, data: null, error: true }));
    return () => {
      cancelled = true;
    };
  }, [refundId, changes]);
  const data = state?.id === refundId ? state.data : null;
  return (
    <section aria-label="Settlement" className="lg:col-span-2">
      <h3 className="mb-2 text-sm font-semibold">Settlement</h3>
      {state?.error ? <p className="text-sm text-rose-700">The statement lines could not be loaded.</p> : null}
      {!data && !state?.error ? <p className="text-sm text-slate-500">Loading…</p> : null}
      {data ? (
        <>
          {data.exceptions.map((e) => (
            <p key={e.id} className="mb-2 text-sm">
              <span className={`mr-1 rounded px-1.5 py-0.5 text-xs font-medium ${EXCEPTION_LABELS[e.kind].tone}`}>{EXCEPTION_LABELS[e.kind].title}</span>
              {e.note}{' '}
              <Link className="text-indigo-700 underline" href={`/reconciliation?tab=exceptions&account=${accountId}&kind=${e.kind}`}>
                in Reconciliation
              </Link>
            </p>
          ))}
          {data.lines.length === 0 ? (
            <p className="text-sm text-slate-600">
              No statement line has settled this refund yet (TikTok deducts a refund in a statement days after it pays the buyer).
            </p>
          ) : (
            <table className="w-full text-sm" aria-label="Statement lines of this refund">
              <thead className="text-left text-xs text-slate-500">
                <tr>
                  {['Statement', 'Line', 'Goods', 'Referral fee', 'Admin fee', 'Return shipping', 'Net'].map((h, i) => (
                    <th key={h} scope="col" className={`font-normal ${i > 1 ? 'text-right' : ''}`}>
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.lines.map((line) => {
                  const day = localDate(new Date(line.statementTime), timeZone);
                  return (
                    <tr key={`${line.transactionRowId}:${line.role}`} className="border-t border-slate-100">
                      <td className="py-1">
                        <Link
                          className="font-mono text-xs text-indigo-700 underline"
                          href={`/reconciliation?tab=statements&account=${accountId}&from=${day}&to=${day}`}
                        >
                          {line.statementId}
                        </Link>
                        <div className="text-xs text-slate-500">{formatDateTime(line.statementTime, timeZone)}</div>
                      </td>
                      <td className="py-1 text-xs">
                        {line.role === 'Reimbursement' ? 'reimbursement' : 'clawback'} · {line.type.toLowerCase().replace(/_/g, ' ')}
                        {line.exact ? null : <span className="ml-1 text-rose-700">differs</span>}
                      </td>
                      {[line.goods, line.referralFee, line.adminFee, line.returnShipping, line.net].map((amount, i) => (
                        <td key={i} className="py-1 text-right">
                          <Money amount={amount} currency={line.currency} signed />
                        </td>
                      ))}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </>
      ) : null}
    </section>
  );
}
