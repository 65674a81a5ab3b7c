/**
 * The one table that sorts TikTok's request reasons (the `return_reason` / `cancel_reason` keys,
 * stored as refunds.reason) into who is at fault, for the analytics' reason split and the grid's
 * reason-group filter. Keys are TikTok's (API doc 4.1 and its reason appendices, DOC-REASONS; the
 * sandbox serves the same ones, tools/tiktok-sandbox/catalog.ts). A key that is not listed here is
 * "other": it is never guessed from its wording, so a new TikTok reason shows up as other until
 * someone decides where it belongs and adds it here.
 */

export const REASON_GROUPS = ['sellerFault', 'buyerRemorse', 'other'] as const;
export type ReasonGroup = (typeof REASON_GROUPS)[number];

export const REASON_GROUP_LABELS: Record<ReasonGroup, string> = {
  sellerFault: 'Seller fault',
  buyerRemorse: 'Buyer remorse',
  other: 'Other',
};

interface KnownReason {
  group: ReasonGroup;
  /** TikTok's English label (en-US), for a key stored without its text. */
  label: string;
}

/**
 * Seller fault: the product or the seller's fulfilment was wrong (wrong item, damaged, defective,
 * not as described, and what amounts to the same: missing parts, a suspected counterfeit, out of
 * stock). Buyer remorse: the buyer's own choice or mistake (no longer needed, changed their mind,
 * a better price, the wrong size, their own wrong address). Listed as other on purpose: delivery
 * problems (not received, delivery too slow) and the system's payment timeout, which are neither.
 */
const KNOWN: Readonly<Record<string, KnownReason>> = {
  ecom_order_delivered_refund_and_return_reason_wrong_item: { group: 'sellerFault', label: 'Wrong item was sent' },
  ecom_order_delivered_refund_and_return_reason_damaged: { group: 'sellerFault', label: 'Package or product is damaged' },
  ecom_order_delivered_refund_and_return_reason_defective: { group: 'sellerFault', label: 'Product is defective or doesn’t work' },
  ecom_order_delivered_refund_and_return_reason_not_as_described: { group: 'sellerFault', label: 'Product doesn’t match the description' },
  ecom_order_delivered_refund_and_return_reason_missing_parts: { group: 'sellerFault', label: 'Missing parts or accessories' },
  ecom_order_delivered_refund_reason_counterfeit: { group: 'sellerFault', label: 'Suspected counterfeit product' },
  seller_cancel_reason_out_of_stock: { group: 'sellerFault', label: 'Out of stock' },
  ecom_order_delivered_refund_and_return_reason_no_longer_needed: { group: 'buyerRemorse', label: 'No longer needed' },
  ecom_order_delivered_refund_and_return_reason_size_fit: { group: 'buyerRemorse', label: 'Size or fit is not right' },
  ecom_order_to_ship_cancel_reason_change_of_mind: { group: 'buyerRemorse', label: 'No longer needed' },
  ecom_order_to_ship_cancel_reason_better_price: { group: 'buyerRemorse', label: 'Found a better price elsewhere' },
  ecom_order_to_ship_cancel_reason_wrong_address: { group: 'buyerRemorse', label: 'Need to change the shipping address' },
  ecom_order_delivered_refund_reason_not_received: { group: 'other', label: 'Package wasn’t received' },
  ecom_order_to_ship_cancel_reason_delivery_too_long: { group: 'other', label: 'Estimated delivery time is too long' },
  system_cancel_reason_payment_timeout: { group: 'other', label: 'Payment not completed in time' },
};

/** Keys compare case-insensitively (TikTok's pages disagree on case for other enums). */
const fold = (key: string) => key.trim().toLowerCase();

/** Where a reason key belongs; null, empty and unknown keys are `other`. */
export function reasonGroup(key: string | null | undefined): ReasonGroup {
  if (!key) return 'other';
  return KNOWN[fold(key)]?.group ?? 'other';
}

/** A label for a reason key: TikTok's English text when the key is known, else the key itself. */
export function reasonLabel(key: string | null | undefined): string {
  if (!key) return '(no reason given)';
  return KNOWN[fold(key)]?.label ?? key;
}

/**
 * The (lower-case) keys listed under a fault group. `other` is everything outside the two fault
 * groups (listed or not), so it has no list of its own: filters test "in neither list".
 */
export function reasonKeysOf(group: Exclude<ReasonGroup, 'other'>): string[] {
  return Object.entries(KNOWN)
    .filter(([, reason]) => reason.group === group)
    .map(([key]) => key);
}
