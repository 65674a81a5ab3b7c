import { CARRIERS } from './catalog';
import type { RequestSeed, Step } from './population';
import { SELLER_RESPONSE_WINDOW } from './timelines';

/** A request as TikTok's Search Returns / Search Cancellations JSON (API doc 4.1, 4.6), with its amounts as decimal strings. */

export /** Formats an amount held in minor units as TikTok's decimal string. */
function formatMinor(minor: number, decimals: number): string {
  if (decimals === 0) return String(minor);
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  const unit = 10 ** decimals;
  return `${sign}${Math.floor(abs / unit)}.${String(abs % unit).padStart(decimals, '0')}`;
}

function amountObject(currency: string, total: string, subtotal?: string, shipping?: string | null, tax?: string | null, sparse = false) {
  if (sparse) return { currency, refund_total: total };
  return {
    currency,
    refund_total: total,
    refund_subtotal: subtotal ?? total,
    ...(shipping ? { refund_shipping_fee: shipping } : {}),
    ...(tax ? { refund_tax: tax } : {}),
  };
}

/** "12.30" → 1230 (decimals 2) by string arithmetic, so fixture sums never pick up float error. */
export function decimalToMinor(value: string, decimals: number): number {
  const [whole = '0', fraction = ''] = value.split('.');
  return Number(whole) * 10 ** decimals + Number(fraction.padEnd(decimals, '0').slice(0, decimals) || '0');
}

function sumDecimal(values: string[], decimals: number): string {
  return formatMinor(
    values.reduce((sum, v) => sum + decimalToMinor(v, decimals), 0),
    decimals,
  );
}

function subtotalOf(request: RequestSeed): string {
  return sumDecimal(
    request.lineItems.map((i) => i.amount),
    request.shop.market.decimals,
  );
}

/** The request's refund_total: its items, shipping and tax (TikTok's changelog: total = subtotal + shipping + tax). */
export function refundTotalOf(request: RequestSeed): string {
  return sumDecimal([subtotalOf(request), request.shippingFee ?? '0', request.tax ?? '0'], request.shop.market.decimals);
}

/** The request as TikTok's Search Returns / Search Cancellations would return it at `step`. */
export function toTikTokJson(request: RequestSeed, step: Step, now: number): Record<string, unknown> {
  const { market } = request.shop;
  const subtotal = subtotalOf(request);
  const total = refundTotalOf(request);
  const pendingAction = step.nextAction && step.awaitsSeller ? [{ action: step.nextAction, deadline: step.at + SELLER_RESPONSE_WINDOW }] : undefined;
  const deadlineOpen = pendingAction && pendingAction[0]!.deadline > now;
  const items = request.lineItems.map((item) => ({
    [request.kind === 'Return' ? 'return_line_item_id' : 'cancel_line_item_id']: item.id,
    order_line_item_id: item.orderLineItemId,
    sku_id: item.skuId,
    ...(request.sparse ? {} : { sku_name: item.skuName }),
    seller_sku: item.sellerSku,
    product_name: item.productName,
    ...(request.sparse
      ? {}
      : {
          product_image: {
            url: `https://p16-oec-sg.ibyteimg.com/tos-alisg-i-aphluv4xwc-sg/${item.skuId}~tplv-aphluv4xwc-resize-webp:300:300.webp`,
            width: 300,
            height: 300,
          },
        }),
    refund_amount: amountObject(market.currency, item.amount, item.amount, undefined, undefined, request.sparse),
  }));
  if (request.kind === 'Cancellation') {
    return {
      cancel_id: request.id,
      order_id: request.orderId,
      cancel_type: request.type,
      cancel_status: step.status,
      role: request.role,
      cancel_reason: request.reason[0],
      cancel_reason_text: request.reason[1],
      create_time: request.createTime,
      update_time: step.at,
      ...(deadlineOpen ? { seller_next_action_response: pendingAction } : {}),
      refund_amount: amountObject(market.currency, total, subtotal, request.shippingFee, request.tax, request.sparse),
      cancel_line_items: items,
    };
  }
  const carrier = CARRIERS[request.index % CARRIERS.length]!;
  const shipped = step.shipped === true;
  return {
    return_id: request.id,
    order_id: request.orderId,
    return_type: request.type,
    return_status: step.status,
    ...(step.arbitration ? { arbitration_status: step.arbitration } : {}),
    role: request.role,
    return_reason: request.reason[0],
    return_reason_text: request.reason[1],
    create_time: request.createTime,
    update_time: step.at,
    ...(deadlineOpen ? { seller_next_action_response: pendingAction } : {}),
    // After an accepted partial refund, TikTok refunds the offered amount.
    refund_amount: step.refundTotal
      ? amountObject(market.currency, step.refundTotal, step.refundTotal)
      : amountObject(market.currency, total, subtotal, request.shippingFee, request.tax, request.sparse),
    return_line_items: items,
    ...(step.offer ? { seller_proposed_return_type: 'PARTIAL_REFUND', partial_refund: { currency: step.offer.currency, amount: step.offer.amount } } : {}),
    ...(step.offerRejected ? { buyer_rejected_partial_refund: true } : {}),
    ...(request.type === 'RETURN_AND_REFUND'
      ? {
          return_method: 'PLATFORM_SHIPPED',
          ...(request.sparse ? {} : { shipment_type: 'PLATFORM', handover_method: request.index % 3 === 0 ? 'PICKUP' : 'DROP_OFF' }),
          ...(shipped ? { return_tracking_number: `TT${request.id.slice(-10)}`, return_provider_name: carrier[0], return_provider_id: carrier[1] } : {}),
        }
      : {}),
    ...(request.sparse ? {} : { can_buyer_keep_item: request.type === 'REFUND' }),
  };
}
