import { formatMoney } from '@/lib/format';
import type { MarketplaceDiscount, MarketplaceShippingFee } from '@/server/tiktok/types';
import { Row } from './detail-row';

/**
 * The money facts beside the refund total, as TikTok reports them: the seller's partial refund offer
 * and the buyer's answer, discounts (who funded them) and who paid the return shipping. Each amount
 * keeps its own currency; nothing is added up here.
 */
export function AmountDetails({
  offer,
  discounts,
  shippingFees,
  currency,
}: {
  offer: { amount: string; currency: string; buyerDeclined: boolean } | null;
  discounts: MarketplaceDiscount[];
  shippingFees: MarketplaceShippingFee[];
  currency: string | null;
}) {
  const money = (amount: string | undefined, own: string | undefined) => (amount ? formatMoney(amount, own ?? currency) : null);
  const parts = (entries: [string, string | null][]) =>
    entries
      .filter((entry): entry is [string, string] => entry[1] !== null)
      .map(([label, value]) => `${label} ${value}`)
      .join(' · ');
  return (
    <>
      {offer ? (
        <Row label="Partial refund offer">
          <span className="tabular-nums">{formatMoney(offer.amount, offer.currency)}</span>{' '}
          <span className={`text-xs ${offer.buyerDeclined ? 'text-rose-700' : 'text-slate-500'}`}>
            {offer.buyerDeclined ? 'declined by the buyer' : 'offered to the buyer'}
          </span>
        </Row>
      ) : null}
      {discounts.map((d, i) => {
        const text = parts([
          ['seller', money(d.productSellerDiscount, d.currency)],
          ['platform', money(d.productPlatformDiscount, d.currency)],
          ['shipping, seller', money(d.shippingFeeSellerDiscount, d.currency)],
          ['shipping, platform', money(d.shippingFeePlatformDiscount, d.currency)],
        ]);
        return text ? (
          <Row key={`d${i}`} label="Discounts">
            <span className="tabular-nums">{text}</span>
          </Row>
        ) : null;
      })}
      {shippingFees.map((f, i) => {
        const text = parts([
          ['buyer', money(f.buyerPaid, f.currency)],
          ['seller', money(f.sellerPaid, f.currency)],
          ['platform', money(f.platformPaid, f.currency)],
        ]);
        return text ? (
          <Row key={`s${i}`} label="Return shipping paid by">
            <span className="tabular-nums">{text}</span>
          </Row>
        ) : null;
      })}
    </>
  );
}
