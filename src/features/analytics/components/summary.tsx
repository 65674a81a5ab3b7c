import Link from 'next/link';
import { amountTotals, hours, linkOf, money, plural } from '../chart-data';
import type { AnalyticsData } from '../queries';

function Tile({ label, children, note }: { label: string; children: React.ReactNode; note?: React.ReactNode }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-4 py-3">
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-600">{label}</dt>
      <dd className="mt-1 text-lg font-semibold text-slate-900">{children}</dd>
      {note ? <dd className="text-xs text-slate-600">{note}</dd> : null}
    </div>
  );
}

/** The range's headline figures, each computed like its chart (and linked to the grid where it is a set of refunds). */
export function Summary({ data }: { data: AnalyticsData }) {
  const totals = amountTotals(data);
  const refunds = totals.reduce((n, t) => n + t.refunds, 0);
  const orders = data.rate.reduce((n, p) => n + p.orders, 0);
  const covered = data.rate.reduce((n, p) => n + p.refunds, 0);
  const seller = data.answers.filter((a) => a.source !== 'Auto');
  const answered = seller.reduce((n, a) => n + a.answers, 0);
  const auto = data.answers.filter((a) => a.source === 'Auto').reduce((n, a) => n + a.answers, 0);
  const decisions = data.decisions.reduce((n, d) => n + d.decisions, 0);
  return (
    <dl aria-label="Totals for the range" className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">
      <Tile label="Refund requests">
        <Link href={linkOf(data, {})} className="text-indigo-700 underline">
          {refunds.toLocaleString('en-US')}
        </Link>
      </Tile>
      <Tile label="Refund amount" note={totals.length > 1 ? 'per currency, never added together' : undefined}>
        {totals.length === 0 ? '—' : null}
        <span className="flex flex-col text-base">
          {totals.map((t) => (
            <span key={t.currency}>{money(t.amount, t.currency)}</span>
          ))}
        </span>
      </Tile>
      <Tile
        label="Refund rate"
        note={orders ? `${plural(covered, 'refund')} / ${plural(orders, 'order')} on days TikTok reported` : 'no orders from TikTok yet'}
      >
        {orders ? `${((100 * covered) / orders).toFixed(2)}%` : '—'}
      </Tile>
      <Tile label="Hours to the seller’s answer" note={`mean of ${plural(answered, 'answer')} (here or on TikTok)`}>
        {hours(
          seller.reduce((n, a) => n + a.seconds, 0),
          answered,
        )}
      </Tile>
      <Tile label="Auto-approved by TikTok" note={auto + answered ? `${((100 * auto) / (auto + answered)).toFixed(1)}% of first answers` : undefined}>
        <Link href={linkOf(data, { answers: ['Auto'] }, { status: false })} className="text-indigo-700 underline">
          {auto.toLocaleString('en-US')}
        </Link>
      </Tile>
      <Tile label="Decisions made here">{decisions.toLocaleString('en-US')}</Tile>
    </dl>
  );
}
