import { describe, expect, it } from 'vitest';
import { REASON_GROUPS, reasonGroup, reasonKeysOf, reasonLabel } from '@/lib/refund-reasons';
import { CANCEL_REASONS, RETURN_REASONS } from '@tools/tiktok-sandbox/catalog';

describe('reason classification', () => {
  it('puts wrong item, damaged, defective and not as described on the seller', () => {
    for (const key of [
      'ecom_order_delivered_refund_and_return_reason_wrong_item',
      'ecom_order_delivered_refund_and_return_reason_damaged',
      'ecom_order_delivered_refund_and_return_reason_defective',
      'ecom_order_delivered_refund_and_return_reason_not_as_described',
    ])
      expect(reasonGroup(key)).toBe('sellerFault');
  });

  it("puts the buyer's change of mind on buyer remorse", () => {
    expect(reasonGroup('ecom_order_delivered_refund_and_return_reason_no_longer_needed')).toBe('buyerRemorse');
    expect(reasonGroup('ecom_order_to_ship_cancel_reason_change_of_mind')).toBe('buyerRemorse');
    expect(reasonGroup('ecom_order_to_ship_cancel_reason_better_price')).toBe('buyerRemorse');
  });

  it('leaves delivery problems and system cancellations as other, on purpose', () => {
    expect(reasonGroup('ecom_order_delivered_refund_reason_not_received')).toBe('other');
    expect(reasonGroup('system_cancel_reason_payment_timeout')).toBe('other');
  });

  it('never guesses: unknown, empty and missing keys are other, even when the wording suggests a fault', () => {
    expect(reasonGroup('ecom_order_delivered_refund_and_return_reason_damaged_in_transit')).toBe('other');
    expect(reasonGroup('some_new_reason_wrong_item')).toBe('other');
    expect(reasonGroup('')).toBe('other');
    expect(reasonGroup(null)).toBe('other');
    expect(reasonGroup(undefined)).toBe('other');
  });

  it('compares keys case-insensitively', () => {
    expect(reasonGroup('ECOM_ORDER_DELIVERED_REFUND_AND_RETURN_REASON_DAMAGED')).toBe('sellerFault');
    expect(reasonGroup(' ecom_order_to_ship_cancel_reason_change_of_mind ')).toBe('buyerRemorse');
  });

  it("classifies every reason the sandbox serves, with TikTok's label", () => {
    for (const [key, text] of [...RETURN_REASONS, ...CANCEL_REASONS]) {
      expect(REASON_GROUPS).toContain(reasonGroup(key));
      expect(reasonLabel(key)).toBe(text);
    }
  });

  it('lists each fault group once, and shows an unknown key as itself', () => {
    const seller = reasonKeysOf('sellerFault');
    const remorse = reasonKeysOf('buyerRemorse');
    expect(seller.filter((key) => remorse.includes(key))).toEqual([]);
    expect(seller).toHaveLength(7);
    expect(remorse).toHaveLength(5);
    expect(reasonLabel('brand_new_key')).toBe('brand_new_key');
    expect(reasonLabel(null)).toBe('(no reason given)');
  });
});
