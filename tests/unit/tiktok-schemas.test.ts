import { describe, expect, it } from 'vitest';
import {
  parseAuthorizedShops,
  parseCancellation,
  parseRecord,
  parseRejectReasons,
  parseReturn,
  parseReturnRecords,
  parseTokenPair,
} from '@/server/tiktok/parse';
import { cancellationJson, returnJson } from '@tools/factories/refunds';

describe('TikTok payload parsing', () => {
  it('reshapes a return into our own type, keeping the raw object', () => {
    const json = returnJson({ return_id: '4035318504086604100', create_time: 1700000000, update_time: 1700003600 });
    const refund = parseReturn(json);
    expect(refund).toMatchObject({
      kind: 'Return',
      id: '4035318504086604100',
      type: 'REFUND',
      status: 'RETURN_OR_REFUND_REQUEST_PENDING',
      createdAt: new Date(1700000000 * 1000),
      updatedAt: new Date(1700003600 * 1000),
      refundAmount: { currency: 'USD', total: '25.40', subtotal: '25.40' },
    });
    expect(refund.raw).toBe(json);
    expect(refund.nextActions[0]?.action).toBe('SELLER_RESPOND_REFUND');
  });

  it('tolerates omitted fields, as real captures show', () => {
    const sparse = { return_id: '1', order_id: '2', return_status: 'RETURN_OR_REFUND_REQUEST_COMPLETE', create_time: 1, update_time: 2 };
    const refund = parseReturn(sparse);
    expect(refund.refundAmount).toBeUndefined();
    expect(refund.lineItems).toEqual([]);
    expect(refund.nextActions).toEqual([]);
  });

  it('keeps enum values it does not know', () => {
    const refund = parseReturn(returnJson({ return_type: 'EXCHANGE', return_status: 'EXCHANGE_REQUEST_PENDING', arbitration_status: 'NEW_THING' }));
    expect(refund).toMatchObject({ type: 'EXCHANGE', status: 'EXCHANGE_REQUEST_PENDING', arbitrationStatus: 'NEW_THING' });
  });

  it('skips a record only when its id is missing or unusable, naming the field', () => {
    for (const [kind, json, field] of [
      ['Return', returnJson({ return_id: undefined }), 'return_id'],
      ['Cancellation', cancellationJson({ cancel_id: undefined }), 'cancel_id'],
      ['Return', returnJson({ return_id: 'not an id!' }), 'return_id'],
      ['Return', 'not an object', '(root)'],
    ] as const) {
      const parsed = parseRecord(kind, json);
      expect(parsed.ok).toBe(false);
      expect(parsed.ok ? '' : parsed.error).toContain(field);
    }
  });

  it('stores a record without update_time, order id or status, with fallbacks and a note for each', () => {
    const received = new Date('2026-11-29T12:00:00Z');
    const noUpdate = parseRecord('Return', returnJson({ update_time: undefined, create_time: 1_700_000_000 }), received);
    expect(noUpdate).toMatchObject({ ok: true, refund: { updatedAt: new Date(1_700_000_000_000), createdAt: new Date(1_700_000_000_000) } });
    expect(noUpdate.ok && noUpdate.refund.reportedUpdatedAt).toBeUndefined();
    expect(noUpdate.ok && noUpdate.refund.notes).toEqual(['update_time missing (create_time used)']);
    const noTimes = parseRecord('Cancellation', cancellationJson({ update_time: undefined, create_time: undefined }), received);
    expect(noTimes).toMatchObject({ ok: true, refund: { updatedAt: received, createdAt: received } });
    const bare = parseRecord('Return', { return_id: '4035318504086604100' }, received);
    expect(bare).toMatchObject({ ok: true, refund: { id: '4035318504086604100', orderId: '', status: '' } });
    expect(bare.ok && bare.refund.notes).toEqual([
      'order_id missing (stored empty)',
      'return_status missing (stored as an unmapped status)',
      'update_time missing (time received used)',
      'create_time missing (time received used)',
    ]);
  });

  it('drops an invalid optional value as absent, with a diagnostic, and keeps the raw object untouched', () => {
    const json = returnJson({
      refund_amount: { currency: 'USD', refund_total: '25,40', refund_subtotal: '25.40' },
      seller_next_action_response: [{ deadline: 1_800_000_000 }, { action: 'SELLER_RESPOND_REFUND', deadline: 'soon' }],
      partial_refund: { amount: 10 },
      // eslint-disable-next-line no-loss-of-precision -- the lost digits are the point: this is what a 18-digit id becomes as a JSON number
      order_id: 577686530908261117,
    });
    const copy = structuredClone(json);
    const refund = parseReturn(json);
    expect(refund.refundAmount).toEqual({ currency: 'USD', subtotal: '25.40' });
    expect(refund.nextActions).toEqual([{ action: 'SELLER_RESPOND_REFUND', deadline: undefined }]);
    expect(refund.partialRefund).toBeUndefined();
    expect(refund.orderId).toBe('');
    expect(refund.notes).toEqual(
      expect.arrayContaining([
        'refund_amount.refund_total: must be a decimal string (dropped)',
        expect.stringMatching(/^seller_next_action_response\.0\.action: .* \(dropped\)$/),
        expect.stringMatching(/^seller_next_action_response\.0\.deadline: must be Unix seconds \(dropped\)$/),
        expect.stringMatching(/^partial_refund\.\w+: .* \(dropped\)$/),
        'order_id: must be a string id (dropped)',
      ]),
    );
    expect(refund.raw).toBe(json);
    expect(json).toEqual(copy);
  });

  it('rejects ids sent as JSON numbers (digits already lost above 2^53)', () => {
    // eslint-disable-next-line no-loss-of-precision -- the lost digits are the point: this is what a 19-digit id becomes as a JSON number
    expect(() => parseReturn(returnJson({ return_id: 4035318504086604100 }))).toThrow(/string id/);
  });

  it('compares enums case-insensitively but keeps the raw JSON and the status as sent', () => {
    const json = returnJson({ role: 'Buyer', arbitration_status: 'in_progress', return_type: 'refund', return_status: 'Request_Success' });
    const refund = parseReturn({ ...json, seller_next_action_response: [{ action: 'seller_respond_refund', deadline: 1_800_000_000 }] });
    expect(refund).toMatchObject({ role: 'BUYER', arbitrationStatus: 'IN_PROGRESS', type: 'REFUND', status: 'Request_Success' });
    expect(refund.nextActions[0]?.action).toBe('SELLER_RESPOND_REFUND');
    expect(refund.raw.role).toBe('Buyer');
  });

  it('reads partial-refund fields, and the arrays the changelog documents as single objects', () => {
    const refund = parseReturn(
      returnJson({
        partial_refund: { amount: '10', currency: 'IDR' },
        seller_proposed_return_type: 'PARTIAL_REFUND',
        buyer_rejected_partial_refund: true,
        is_combined_return: 'true ',
        can_buyer_keep_item: 'true ',
        discount_amount: { currency: 'USD', product_seller_discount: '0.1' },
        return_shipping_fee_amount: { currency: 'USD', seller_paid_return_shipping_fee_amount: '0.3' },
      }),
    );
    expect(refund).toMatchObject({
      partialRefund: { amount: '10', currency: 'IDR' },
      sellerProposedReturnType: 'PARTIAL_REFUND',
      buyerRejectedPartialRefund: true,
      canBuyerKeepItem: true,
      discounts: [{ currency: 'USD', productSellerDiscount: '0.1' }],
      shippingFees: [{ currency: 'USD', sellerPaid: '0.3' }],
    });
    expect(refund.notes).toEqual([]);
  });

  it('leaves out reject reasons without a name and shops without an id or cipher, saying why', () => {
    expect(parseRejectReasons([{ name: 'r1', text: 'One' }, { text: 'No name' }, { name: 'r2' }])).toEqual([
      { name: 'r1', text: 'One' },
      { name: 'r2', text: 'r2' },
    ]);
    const shops = parseAuthorizedShops([
      { id: '7494049642642441621', cipher: 'GCP_x', name: 'Good' },
      { id: '7494049642642441622', name: 'No cipher' },
      { cipher: 'GCP_y', name: 'No id' },
    ]);
    expect(shops.shops).toEqual([expect.objectContaining({ shopId: '7494049642642441621', cipher: 'GCP_x' })]);
    expect(shops.leftOut).toHaveLength(2);
    expect(shops.leftOut[0]).toMatch(/^No cipher left out \(cipher: .*cannot be called$/);
    expect(shops.leftOut[1]).toMatch(/^No id left out \(id: /);
  });

  it('leaves out a return record without its time, and reads roles in any case', () => {
    const records = parseReturnRecords([{ role: 'Buyer', description: 'x', create_time: 1_700_000_000 }, { role: 'SELLER' }]);
    expect(records).toEqual([{ role: 'BUYER', description: 'x', reasonText: undefined, note: undefined, imageUrls: [], at: new Date(1_700_000_000_000) }]);
  });

  it('needs both tokens from a token answer, but treats a missing expiry as unknown', () => {
    expect(parseTokenPair({ access_token: 'a', refresh_token: 'r' })).toMatchObject({
      ok: true,
      pair: { accessToken: 'a', refreshToken: 'r', accessTokenExpiresAt: null, refreshTokenExpiresAt: null },
    });
    const noRefresh = parseTokenPair({ access_token: 'a', access_token_expire_in: 1_800_000_000 });
    expect(noRefresh.ok ? '' : noRefresh.error).toContain('refresh_token');
    expect(parseTokenPair(null)).toMatchObject({ ok: false });
  });

  it('keeps money exact and drops money that is not a decimal string rather than reading it as zero', () => {
    expect(parseReturn(returnJson({ refund_amount: { currency: 'USD', refund_total: 25.4 } })).refundAmount?.total).toBeUndefined();
    expect(parseReturn(returnJson({ refund_amount: { currency: 'VND', refund_total: '12345678901234.99' } })).refundAmount?.total).toBe('12345678901234.99');
  });

  it('reshapes a cancellation', () => {
    const refund = parseCancellation(cancellationJson({ cancel_id: '5770000000000000001', cancel_status: 'CANCELLATION_REQUEST_CANCELLED' }));
    expect(refund).toMatchObject({ kind: 'Cancellation', id: '5770000000000000001', type: 'BUYER_CANCEL', status: 'CANCELLATION_REQUEST_CANCELLED' });
  });
});
