import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { describeIssues, parseCancellation, parseReturn } from '@/server/tiktok/schemas';
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

  it('rejects a return without the fields we cannot work without, naming them', () => {
    for (const field of ['return_id', 'order_id', 'return_status', 'update_time']) {
      const error = (() => {
        try {
          parseReturn(returnJson({ [field]: undefined }));
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(ZodError);
      expect(describeIssues(error as ZodError)).toContain(field);
    }
  });

  it('rejects ids sent as JSON numbers (digits already lost above 2^53)', () => {
    // eslint-disable-next-line no-loss-of-precision -- the lost digits are the point: this is what a 19-digit id becomes as a JSON number
    expect(() => parseReturn(returnJson({ return_id: 4035318504086604100 }))).toThrow(/string id/);
  });

  it('rejects money that is not a decimal string rather than reading it as zero', () => {
    expect(() => parseReturn(returnJson({ refund_amount: { currency: 'USD', refund_total: 25.4 } }))).toThrow();
    expect(() => parseReturn(returnJson({ refund_amount: { currency: 'USD', refund_total: '25,40' } }))).toThrow(/decimal/);
  });

  it('reshapes a cancellation', () => {
    const refund = parseCancellation(cancellationJson({ cancel_id: '5770000000000000001', cancel_status: 'CANCELLATION_REQUEST_CANCELLED' }));
    expect(refund).toMatchObject({ kind: 'Cancellation', id: '5770000000000000001', type: 'BUYER_CANCEL', status: 'CANCELLATION_REQUEST_CANCELLED' });
  });
});
