import type { MarketFinance } from './finance-markets';
import type { SandboxOrder, Unit } from './orders';

/**
 * The amounts of an ORDER line, one piece per SKU (what Get Order Statement Transactions shows), in
 * signed minor units from the seller's side: a sale (contract 7.1) and a refund's clawback (7.2-7.4).
 */

/** One SKU's share of an ORDER line: what Get Order Statement Transactions (2.4) shows as one sku_transaction. */
export interface Piece {
  skuId: string;
  skuName: string;
  productName: string;
  quantity: number;
  subtotal: number;
  sellerDiscount: number;
  refundSubtotal: number;
  sellerDiscountRefund: number;
  actualShipping: number;
  customerShipping: number;
  returnShipping: number;
  refundedCustomerShipping: number;
  referral: number;
  adminFee: number;
  customerPayment: number;
  customerRefund: number;
  platformDiscount: number;
  platformDiscountRefund: number;
  salesTax: number;
}

const emptyPiece = (unit: Unit): Piece => ({
  skuId: unit.skuId,
  skuName: unit.skuName,
  productName: unit.productName,
  quantity: 0,
  subtotal: 0,
  sellerDiscount: 0,
  refundSubtotal: 0,
  sellerDiscountRefund: 0,
  actualShipping: 0,
  customerShipping: 0,
  returnShipping: 0,
  refundedCustomerShipping: 0,
  referral: 0,
  adminFee: 0,
  customerPayment: 0,
  customerRefund: 0,
  platformDiscount: 0,
  platformDiscountRefund: 0,
  salesTax: 0,
});

type Amount = Exclude<keyof Piece, 'skuId' | 'skuName' | 'productName'>;
const AMOUNTS = Object.keys(emptyPiece({ skuId: '', skuName: '', productName: '' } as Unit)).filter(
  (key) => key !== 'skuId' && key !== 'skuName' && key !== 'productName',
) as Amount[];

/**
 * Adds pieces of the same SKU together; pieces come out in SKU order (the order-level amounts sit on
 * the first). The quantity is the first list's: a settlement line counts the units sold, the refunds
 * netted into it do not add units.
 */
export function mergePieces(...lists: Piece[][]): Piece[] {
  const bySku = new Map<string, Piece>();
  for (const piece of lists.flat()) {
    const into = bySku.get(piece.skuId);
    if (!into) bySku.set(piece.skuId, { ...piece });
    else for (const key of AMOUNTS) if (key !== 'quantity') into[key] += piece[key];
  }
  return [...bySku.values()].sort((a, b) => a.skuId.localeCompare(b.skuId));
}

function bySku(units: Unit[]): Unit[][] {
  const groups = new Map<string, Unit[]>();
  for (const unit of units) groups.set(unit.skuId, [...(groups.get(unit.skuId) ?? []), unit]);
  return [...groups.values()].sort((a, b) => a[0]!.skuId.localeCompare(b[0]!.skuId));
}

export const sum = (units: Unit[], key: 'price' | 'sellerDiscount' | 'platformDiscount' | 'sale' | 'referral') =>
  units.reduce((total, unit) => total + unit[key], 0);

export function salePieces(order: SandboxOrder, shipped: boolean): Piece[] {
  return bySku(order.units).map((units, i) => ({
    ...emptyPiece(units[0]!),
    quantity: units.length,
    subtotal: sum(units, 'price'),
    sellerDiscount: -sum(units, 'sellerDiscount'),
    referral: -sum(units, 'referral'),
    platformDiscount: sum(units, 'platformDiscount'),
    customerPayment: sum(units, 'sale') + (i === 0 ? order.shippingPaid + order.tax : 0),
    ...(i === 0 ? { customerShipping: order.shippingPaid, actualShipping: shipped ? -order.shippingLabel : 0, salesTax: order.tax } : {}),
  }));
}

export interface RefundMoney {
  units: Unit[];
  shipping: number;
  tax: number;
  sellerFault: boolean;
  /** No admin fee on refunds started before shipping (cancellations; contract 7.4). */
  adminFee: boolean;
  returnLabel: boolean;
  overcharge: number;
  refundId?: string;
}

/** A refund's clawback (contract 7.2-7.3): refunded gross, seller discount given back, referral fee given back, admin fee, shipping. */
export function refundPieces(refund: RefundMoney, market: MarketFinance): Piece[] {
  return bySku(refund.units).map((units, i) => {
    const referral = sum(units, 'referral');
    const admin = refund.adminFee ? Math.min(Math.round(referral * market.adminFeeRate), market.adminFeeCapPerSku ?? Infinity) : 0;
    // Not the seller's fault: TikTok keeps funding its discount, so only what the seller earned from the buyer goes back (inference).
    const kept = refund.sellerFault ? 0 : sum(units, 'platformDiscount');
    return {
      ...emptyPiece(units[0]!),
      quantity: units.length,
      refundSubtotal: -(sum(units, 'price') - kept) - (i === 0 ? refund.overcharge : 0),
      sellerDiscountRefund: sum(units, 'sellerDiscount'),
      platformDiscountRefund: refund.sellerFault ? sum(units, 'platformDiscount') : 0,
      referral,
      adminFee: -admin,
      customerRefund: sum(units, 'sale') + (i === 0 ? refund.shipping + refund.tax : 0),
      ...(i === 0
        ? { customerShipping: -refund.shipping, refundedCustomerShipping: -refund.shipping, returnShipping: refund.returnLabel ? -market.returnLabel : 0 }
        : {}),
    };
  });
}
