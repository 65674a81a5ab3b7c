'use client';

import { useEffect, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Dialog } from '@/components/ui/dialog';
import { formatDateTime, formatMoney, humanizeEnum } from '@/lib/format';
import type { RefundDetail } from '../detail';
import type { TimelineEntry } from '../timeline';
import { refundDetailAction } from '../actions';
import { TYPE_LABELS } from '../labels';
import { CopyButton } from './copy-button';
import { ReviewPanel } from './review-panel';
import { StatusCell } from './status-badge';
import { AmountDetails } from './amount-details';
import { Row } from './detail-row';
import { SettlementPanel } from '@/features/reconciliation/components/settlement-panel';

const KIND_BADGE: Record<TimelineEntry['kind'], { label: string; className: string }> = {
  tiktok: { label: 'TikTok', className: 'bg-slate-800 text-white' },
  decision: { label: 'Decided here', className: 'bg-amber-100 text-amber-900' },
  panel: { label: 'Panel', className: 'bg-sky-100 text-sky-900' },
};

function learnedText(learned: TimelineEntry['learned']): string | null {
  if (learned === undefined) return null;
  if (learned === null) return 'not seen by this panel (it happened between two syncs)';
  const lag =
    learned.lagSeconds < 90
      ? `${learned.lagSeconds} s`
      : learned.lagSeconds < 5400
        ? `${Math.round(learned.lagSeconds / 60)} min`
        : `${Math.round(learned.lagSeconds / 3600)} h`;
  return `learned by ${learned.via} ${lag} later`;
}

/** The Refund Data modal: everything we know about one refund, loaded on its own (the grid stays as it is). */
export function RefundDataModal({
  refundId,
  timeZone,
  canAct,
  changes,
  onClose,
}: {
  refundId: number | null;
  timeZone: string;
  canAct: boolean;
  /** Bumped when a live update says this refund changed: the open modal reloads in place. */
  changes: number;
  onClose: () => void;
}) {
  const [reloads, setReloads] = useState(0);
  const [state, setState] = useState<{ id: number; detail: RefundDetail | null; error: string | null } | null>(null);
  // Another refund, or the modal closing, starts over from "Loading…" (reset during render, not in the effect).
  const [stateFor, setStateFor] = useState(refundId);
  if (stateFor !== refundId) {
    setStateFor(refundId);
    setState(null);
  }
  useEffect(() => {
    if (refundId === null) return;
    let cancelled = false;
    refundDetailAction({ id: refundId })
      .then((result) => {
        if (cancelled) return;
        setState(result.ok ? { id: refundId, detail: result.data, error: null } : { id: refundId, detail: null, error: result.message });
      })
      .catch(() => !cancelled && setState({ id: refundId, detail: null, error: 'The refund data could not be loaded. Try again.' }));
    return () => {
      cancelled = true;
    };
  }, [refundId, changes, reloads]);

  const detail = state?.id === refundId ? state.detail : null;
  const date = (iso: string | null) => (iso ? formatDateTime(iso, timeZone) : '—');
  return (
    <Dialog open={refundId !== null} onClose={onClose} title={detail ? `Refund Data · ${detail.refundId}` : 'Refund Data'} wide>
      {state?.error ? <Alert tone="error">{state.error}</Alert> : null}
      {!detail && !state?.error ? (
        <p className="text-sm text-slate-600" role="status">
          Loading…
        </p>
      ) : null}
      {detail ? (
        <div className="grid gap-6 lg:grid-cols-2">
          <section aria-label="Summary">
            {detail.needsReview ? (
              <ReviewPanel id={detail.id} version={detail.version} note={detail.reviewNote} canAct={canAct} onResolved={() => setReloads((n) => n + 1)} />
            ) : null}
            <dl>
              <Row label="Refund ID">
                <span className="font-mono">{detail.refundId}</span> <CopyButton value={detail.refundId} label="refund id" />
              </Row>
              <Row label="Order ID">
                {detail.orderId ? (
                  <>
                    <span className="font-mono">{detail.orderId}</span> <CopyButton value={detail.orderId} label="order id" />
                  </>
                ) : (
                  '—'
                )}
              </Row>
              <Row label="Account">
                {detail.account.name} <span className="font-mono text-xs text-slate-500">{detail.account.shopId}</span>
                {detail.account.environment === 'Sandbox' ? <span className="ml-1 rounded bg-amber-100 px-1 text-xs text-amber-900">sandbox</span> : null}
              </Row>
              <Row label="Type">
                {TYPE_LABELS[detail.type]}{' '}
                <span className="text-xs text-slate-500">
                  ({detail.kind === 'Cancellation' ? `cancellation, ${detail.marketplaceType ?? ''}` : detail.marketplaceType})
                </span>
              </Row>
              <Row label="Status">
                <StatusCell {...detail} />
              </Row>
              <Row label="Marketplace status">
                {humanizeEnum(detail.marketplaceStatus)} <span className="font-mono text-xs text-slate-500">{detail.marketplaceStatus}</span>
              </Row>
              <Row label="Arbitration">{detail.arbitrationStatus ? humanizeEnum(detail.arbitrationStatus) : 'none'}</Row>
              <Row label="Reason">
                {detail.reasonText ?? humanizeEnum(detail.reason)}{' '}
                {detail.reason ? <span className="block font-mono text-xs text-slate-500">{detail.reason}</span> : null}
              </Row>
              <Row label="Requested by">{detail.initiatorRole ? humanizeEnum(detail.initiatorRole) : '—'}</Row>
              <Row label="TikTok waits for">
                {detail.sellerNextAction ? `${humanizeEnum(detail.sellerNextAction)} until ${date(detail.respondBy)}` : 'nothing from the seller'}
              </Row>
              <Row label="Created">{date(detail.createdAt)}</Row>
              <Row label="Updated">{date(detail.updatedAt)}</Row>
              <Row label="Last synced">{date(detail.lastSyncedAt)}</Row>
            </dl>
            {detail.sellerCenterUrl ? (
              <a
                href={detail.sellerCenterUrl}
                target="_blank"
                rel="noopener noreferrer"
                className="mt-2 inline-block text-sm font-medium text-indigo-700 underline"
              >
                Open the order in TikTok Seller Center ↗
              </a>
            ) : null}
          </section>
          <section aria-label="Amounts and items" className="space-y-3">
            <dl>
              <Row label="Refund total">
                <span className="font-semibold tabular-nums">
                  {formatMoney(detail.amounts?.total ?? detail.amount, detail.amounts?.currency ?? detail.currency)}
                </span>
              </Row>
              {detail.amounts?.subtotal ? <Row label="Items">{formatMoney(detail.amounts.subtotal, detail.amounts.currency)}</Row> : null}
              {detail.amounts?.shippingFee ? <Row label="Shipping">{formatMoney(detail.amounts.shippingFee, detail.amounts.currency)}</Row> : null}
              {detail.amounts?.tax ? <Row label="Tax">{formatMoney(detail.amounts.tax, detail.amounts.currency)}</Row> : null}
              {detail.amounts?.retailDeliveryFee ? (
                <Row label="Retail delivery fee">{formatMoney(detail.amounts.retailDeliveryFee, detail.amounts.currency)}</Row>
              ) : null}
              {detail.amounts?.buyerServiceFee ? (
                <Row label="Buyer service fee">{formatMoney(detail.amounts.buyerServiceFee, detail.amounts.currency)}</Row>
              ) : null}
              <AmountDetails offer={detail.offer} discounts={detail.discounts} shippingFees={detail.shippingFees} currency={detail.currency} />
              {detail.shipping.trackingNumber || detail.shipping.method ? (
                <Row label="Return shipping">
                  {[detail.shipping.method && humanizeEnum(detail.shipping.method), detail.shipping.carrier, detail.shipping.trackingNumber]
                    .filter(Boolean)
                    .join(' · ')}
                </Row>
              ) : null}
            </dl>
            <table className="w-full text-sm" aria-label="Line items">
              <thead className="text-left text-xs text-slate-500">
                <tr>
                  <th scope="col">Product</th>
                  <th scope="col">SKU</th>
                  <th scope="col" className="text-right">
                    Refund
                  </th>
                </tr>
              </thead>
              <tbody>
                {detail.lineItems.map((item, i) => (
                  <tr key={item.lineItemId ?? i} className="border-t border-slate-100">
                    <td className="py-1">{item.productName ?? '—'}</td>
                    <td className="py-1 text-xs text-slate-600">{[item.skuName, item.sellerSku].filter(Boolean).join(' · ')}</td>
                    <td className="py-1 text-right tabular-nums">{formatMoney(item.refundAmount?.total, item.refundAmount?.currency ?? detail.currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <SettlementPanel refundId={detail.id} accountId={detail.account.id} timeZone={timeZone} changes={changes + reloads} />
          <section aria-label="Timeline" className="lg:col-span-2">
            <h3 className="mb-2 text-sm font-semibold">Timeline</h3>
            {detail.recordsNote ? <p className="mb-2 text-xs text-slate-500">{detail.recordsNote}</p> : null}
            <ol className="space-y-1.5">
              {detail.timeline.map((entry, i) => (
                <li key={i} className="grid grid-cols-[10rem_6.5rem_1fr] gap-2 text-sm">
                  <span className="whitespace-nowrap text-xs text-slate-500">{date(entry.at)}</span>
                  <span className={`h-fit rounded px-1.5 text-center text-xs ${KIND_BADGE[entry.kind].className}`}>{KIND_BADGE[entry.kind].label}</span>
                  <span>
                    <span className="font-medium">{entry.title}</span> <span className="text-xs text-slate-500">by {entry.actor}</span>
                    {entry.from || entry.to ? (
                      <span className="block text-xs text-slate-600">
                        {entry.from ? humanizeEnum(entry.from) : '—'} → {entry.to ? humanizeEnum(entry.to) : '—'}
                      </span>
                    ) : null}
                    {entry.note ? <span className="block text-xs text-slate-700">{entry.note}</span> : null}
                    {learnedText(entry.learned) ? <span className="block text-xs text-slate-500">{learnedText(entry.learned)}</span> : null}
                  </span>
                </li>
              ))}
            </ol>
          </section>
          <details className="lg:col-span-2">
            <summary className="cursor-pointer text-sm font-medium text-indigo-700">TikTok payload (raw)</summary>
            <pre className="mt-2 max-h-96 overflow-auto rounded bg-slate-900 p-3 text-xs text-slate-100">{JSON.stringify(detail.raw, null, 2)}</pre>
          </details>
        </div>
      ) : null}
    </Dialog>
  );
}
