import { describe, expect, it } from 'vitest';
import { canonicalStatus, MARKETPLACE_STATUS_ALIASES, MARKETPLACE_STATUS_MAP, mapMarketplaceStatus, mapRefundType } from '@/server/sync/status-mapping';

/** Every status value TikTok documents (API doc 5.2 return_status, 5.3 cancel_status, both spellings). */
const DOCUMENTED = [
  'RETURN_OR_REFUND_REQUEST_PENDING',
  'AWAITING_BUYER_RESPONSE',
  'AWAITING_BUYER_SHIP',
  'BUYER_SHIPPED_ITEM',
  'RETURN_OR_REFUND_REQUEST_SUCCESS',
  'RETURN_OR_REFUND_REQUEST_COMPLETE',
  'REFUND_OR_RETURN_REQUEST_REJECT',
  'REJECT_RECEIVE_PACKAGE',
  'RETURN_OR_REFUND_REQUEST_CANCEL',
  'REPLACEMENT_REQUEST_PENDING',
  'REPLACEMENT_REQUEST_REJECT',
  'REPLACEMENT_REQUEST_COMPLETE',
  'REPLACEMENT_REQUEST_REFUND_SUCCESS',
  'REPLACEMENT_REQUEST_CANCEL',
  'CANCELLATION_REQUEST_PENDING',
  'CANCELLATION_REQUEST_SUCCESS',
  'CANCELLATION_REQUEST_COMPLETE',
  'CANCELLATION_REQUEST_CANCELLED',
  'CANCELLATION_REQUEST_CANCEL',
];

describe('status mapping', () => {
  it('has a decision for every documented TikTok status, and nothing undocumented', () => {
    const missing = DOCUMENTED.filter((status) => !(status in MARKETPLACE_STATUS_MAP));
    expect(missing).toEqual([]);
    expect(Object.keys(MARKETPLACE_STATUS_MAP).sort()).toEqual([...DOCUMENTED].sort());
  });

  it.each([
    ['RETURN_OR_REFUND_REQUEST_PENDING', 'Requested'],
    ['REPLACEMENT_REQUEST_PENDING', 'Requested'],
    ['CANCELLATION_REQUEST_PENDING', 'Requested'],
    ['AWAITING_BUYER_RESPONSE', 'Pending'],
    ['AWAITING_BUYER_SHIP', 'Pending'],
    ['BUYER_SHIPPED_ITEM', 'Pending'],
    ['RETURN_OR_REFUND_REQUEST_SUCCESS', 'Accepted'],
    ['CANCELLATION_REQUEST_SUCCESS', 'Accepted'],
    ['REPLACEMENT_REQUEST_REFUND_SUCCESS', 'Accepted'],
    ['RETURN_OR_REFUND_REQUEST_COMPLETE', 'Refund'],
    ['CANCELLATION_REQUEST_COMPLETE', 'Refund'],
    ['REPLACEMENT_REQUEST_COMPLETE', 'Refund'],
    ['REFUND_OR_RETURN_REQUEST_REJECT', 'Rejected'],
    ['REJECT_RECEIVE_PACKAGE', 'Rejected'],
    ['REPLACEMENT_REQUEST_REJECT', 'Rejected'],
    ['RETURN_OR_REFUND_REQUEST_CANCEL', 'Rejected'],
    ['REPLACEMENT_REQUEST_CANCEL', 'Rejected'],
    ['CANCELLATION_REQUEST_CANCEL', 'Rejected'],
    ['CANCELLATION_REQUEST_CANCELLED', 'Rejected'],
  ])('maps %s to %s', (marketplaceStatus, expected) => {
    const mapped = mapMarketplaceStatus({ marketplaceStatus });
    expect(mapped).toMatchObject({ status: expected, unmapped: false });
  });

  it('maps an unknown status to Pending, flagged, naming the raw value', () => {
    expect(mapMarketplaceStatus({ marketplaceStatus: 'EXCHANGE_REQUEST_PENDING' })).toEqual({
      status: 'Pending',
      detail: 'Unmapped TikTok status EXCHANGE_REQUEST_PENDING',
      unmapped: true,
    });
  });

  it('shows any status as Pending while TikTok arbitrates', () => {
    expect(mapMarketplaceStatus({ marketplaceStatus: 'REFUND_OR_RETURN_REQUEST_REJECT', arbitrationStatus: 'IN_PROGRESS' })).toEqual({
      status: 'Pending',
      detail: 'In TikTok arbitration',
      unmapped: false,
    });
  });

  it('keeps appealable rejections apart from closed requests, and says who closed them', () => {
    expect(mapMarketplaceStatus({ marketplaceStatus: 'REFUND_OR_RETURN_REQUEST_REJECT' }).detail).toMatch(/can still appeal/);
    expect(mapMarketplaceStatus({ marketplaceStatus: 'RETURN_OR_REFUND_REQUEST_CANCEL' }).detail).toMatch(/withdrawn by the buyer/);
    expect(mapMarketplaceStatus({ marketplaceStatus: 'RETURN_OR_REFUND_REQUEST_CANCEL', previousMarketplaceStatus: 'REJECT_RECEIVE_PACKAGE' }).detail).toMatch(
      /rejection stood/,
    );
    expect(mapMarketplaceStatus({ marketplaceStatus: 'RETURN_OR_REFUND_REQUEST_CANCEL', arbitrationStatus: 'SUPPORT_SELLER' }).detail).toMatch(
      /for the seller/,
    );
  });

  it('maps TikTok types, cancellations being refunds before shipment', () => {
    expect(mapRefundType('Return', 'REFUND')).toEqual({ type: 'Refund', unmapped: false });
    expect(mapRefundType('Return', 'RETURN_AND_REFUND')).toEqual({ type: 'ReturnAndRefund', unmapped: false });
    expect(mapRefundType('Return', 'REPLACEMENT')).toEqual({ type: 'Replacement', unmapped: false });
    expect(mapRefundType('Cancellation', 'BUYER_CANCEL')).toEqual({ type: 'Refund', unmapped: false });
    expect(mapRefundType('Return', 'EXCHANGE')).toEqual({ type: 'Refund', unmapped: true });
  });

  it.each([
    ['REQUEST_SUCCESS', 'RETURN_OR_REFUND_REQUEST_SUCCESS', 'Accepted'],
    ['REQUEST_REJECTED', 'REFUND_OR_RETURN_REQUEST_REJECT', 'Rejected'],
    ['RECEIVE_REJECTED', 'REJECT_RECEIVE_PACKAGE', 'Rejected'],
    ['RETURN_OR_REFUND_CANCEL', 'RETURN_OR_REFUND_REQUEST_CANCEL', 'Rejected'],
    ['RETURN_OR_REFUND__REQUEST_CANCELLED', 'RETURN_OR_REFUND_REQUEST_CANCEL', 'Rejected'],
    ['RETURN_OR_REFUND_REQUEST_REJECTED', 'REFUND_OR_RETURN_REQUEST_REJECT', 'Rejected'],
  ])('maps the alias %s as %s (%s), not as unmapped', (alias, documented, expected) => {
    expect(MARKETPLACE_STATUS_ALIASES[alias]).toBe(documented);
    expect(canonicalStatus(alias)).toBe(documented);
    expect(mapMarketplaceStatus({ marketplaceStatus: alias })).toEqual(mapMarketplaceStatus({ marketplaceStatus: documented }));
    expect(mapMarketplaceStatus({ marketplaceStatus: alias })).toMatchObject({ status: expected, unmapped: false });
  });

  it('has no alias that shadows a documented value or points at an undocumented one', () => {
    for (const [alias, documented] of Object.entries(MARKETPLACE_STATUS_ALIASES)) {
      expect(alias in MARKETPLACE_STATUS_MAP).toBe(false);
      expect(documented in MARKETPLACE_STATUS_MAP).toBe(true);
    }
  });

  it('compares statuses, arbitration and types case-insensitively, and still flags what it does not know', () => {
    expect(mapMarketplaceStatus({ marketplaceStatus: 'Return_Or_Refund_Request_Complete' })).toMatchObject({ status: 'Refund', unmapped: false });
    expect(mapMarketplaceStatus({ marketplaceStatus: ' request_success ' })).toMatchObject({ status: 'Accepted', unmapped: false });
    expect(mapMarketplaceStatus({ marketplaceStatus: 'RETURN_OR_REFUND_REQUEST_COMPLETE', arbitrationStatus: 'in_progress' })).toMatchObject({
      status: 'Pending',
      detail: 'In TikTok arbitration',
    });
    expect(mapMarketplaceStatus({ marketplaceStatus: 'RETURN_OR_REFUND_REQUEST_CANCEL', arbitrationStatus: 'Support_Seller' }).detail).toMatch(
      /for the seller/,
    );
    expect(mapRefundType('Return', 'Return_And_Refund')).toEqual({ type: 'ReturnAndRefund', unmapped: false });
    expect(mapMarketplaceStatus({ marketplaceStatus: 'request_pending_review' })).toMatchObject({ status: 'Pending', unmapped: true });
  });

  it('maps a missing status to Pending and flags it, never to a state TikTok did not confirm', () => {
    expect(mapMarketplaceStatus({ marketplaceStatus: '' })).toEqual({ status: 'Pending', detail: 'TikTok sent no status', unmapped: true });
    expect(mapMarketplaceStatus({ marketplaceStatus: '', arbitrationStatus: 'SUPPORT_BUYER' })).toMatchObject({ status: 'Pending', unmapped: true });
  });

  it("maps the reference's cancel_type REQUEST_CANCEL_REFUND as a cancellation refund", () => {
    expect(mapRefundType('Cancellation', 'REQUEST_CANCEL_REFUND')).toEqual({ type: 'Refund', unmapped: false });
  });
});
