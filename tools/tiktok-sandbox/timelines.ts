import type { Step } from './population';
import type { Rng } from './random';

/**
 * The scripted lives of requests: from the buyer's request through the seller's answer (or
 * TikTok's auto-approval at the deadline), shipping, arbitration and payout, following the
 * documented transitions (API doc 5.2, 5.3).
 */

export const HOUR = 3600;
export const DAY = 24 * HOUR;
/** TikTok auto-approves when the seller does not answer within 48 hours (API doc 5.5). */
export const SELLER_RESPONSE_WINDOW = 48 * HOUR;

function sellerDecisionDelay(rng: Rng): number | null {
  // 30% are never handled in Seller Center: TikTok waits for us (or auto-approves at 48 h).
  return rng.chance(0.3) ? null : rng.int(1 * HOUR, 40 * HOUR);
}

/** The seller's answer to a pending request: scripted, or TikTok's auto-approval at the deadline. */
function decide(rng: Rng, pendingAt: number, weights: ReadonlyArray<readonly [string, number]>): { at: number; choice: string; bySystem: boolean } {
  const delay = sellerDecisionDelay(rng);
  if (delay === null) return { at: pendingAt + SELLER_RESPONSE_WINDOW, choice: 'approve', bySystem: true };
  return { at: pendingAt + delay, choice: rng.weighted(weights), bySystem: false };
}

/** After a rejection: the buyer lets it close, or TikTok arbitrates for either side. */
function afterRejection(rng: Rng, at: number, status: string, closedStatus: string, successSteps: (at: number) => Step[]): Step[] {
  const outcome = rng.weighted([
    ['stood', 50],
    ['buyer', 30],
    ['seller', 20],
  ] as const);
  if (outcome === 'stood') return [{ at: at + 72 * HOUR, status: closedStatus, actor: 'SYSTEM', description: 'Request closed after the rejection' }];
  const opened = at + rng.int(6, 30) * HOUR;
  const ruled = opened + rng.int(24, 96) * HOUR;
  const steps: Step[] = [{ at: opened, status, arbitration: 'IN_PROGRESS', actor: 'BUYER', description: 'Buyer appealed; TikTok is reviewing the dispute' }];
  if (outcome === 'buyer') {
    return [...steps, ...successSteps(ruled).map((s) => ({ ...s, arbitration: 'SUPPORT_BUYER' }))];
  }
  return [...steps, { at: ruled, status: closedStatus, arbitration: 'SUPPORT_SELLER', actor: 'OPERATOR', description: 'TikTok ruled for the seller' }];
}

function paid(at: number): Step {
  return { at, status: 'RETURN_OR_REFUND_REQUEST_COMPLETE', actor: 'SYSTEM', description: 'Refund paid to the buyer' };
}

export function refundSteps(rng: Rng, c: number): Step[] {
  const steps: Step[] = [
    {
      at: c,
      status: 'RETURN_OR_REFUND_REQUEST_PENDING',
      actor: 'BUYER',
      description: 'Buyer requested a refund',
      nextAction: 'SELLER_RESPOND_REFUND',
      awaitsSeller: true,
    },
  ];
  if (rng.chance(0.08))
    return [...steps, { at: c + rng.int(1, 30) * HOUR, status: 'RETURN_OR_REFUND_REQUEST_CANCEL', actor: 'BUYER', description: 'Buyer withdrew the request' }];
  const d = decide(rng, c, [
    ['approve', 70],
    ['reject', 30],
  ]);
  const success = (at: number): Step[] => [
    { at, status: 'RETURN_OR_REFUND_REQUEST_SUCCESS', actor: 'SYSTEM', description: 'Refund approved' },
    paid(at + rng.int(2, 72) * HOUR),
  ];
  if (d.choice === 'approve') {
    return [
      ...steps,
      ...success(d.at).map((s, i): Step =>
        i === 0
          ? {
              ...s,
              actor: d.bySystem ? 'SYSTEM' : 'SELLER',
              description: d.bySystem ? 'Auto-approved: the seller did not respond in 48 hours' : 'Seller approved the refund',
            }
          : s,
      ),
    ];
  }
  return [
    ...steps,
    {
      at: d.at,
      status: 'REFUND_OR_RETURN_REQUEST_REJECT',
      actor: 'SELLER',
      description: 'Seller rejected the request',
      rejectReason: ['reverse_reject_request_reason_4', 'The product was used or damaged by the buyer'],
    },
    ...afterRejection(rng, d.at, 'REFUND_OR_RETURN_REQUEST_REJECT', 'RETURN_OR_REFUND_REQUEST_CANCEL', success),
  ];
}

export function returnSteps(rng: Rng, c: number): Step[] {
  const steps: Step[] = [
    {
      at: c,
      status: 'RETURN_OR_REFUND_REQUEST_PENDING',
      actor: 'BUYER',
      description: 'Buyer requested a return and refund',
      nextAction: 'SELLER_RESPOND_RETURN',
      awaitsSeller: true,
    },
  ];
  if (rng.chance(0.05))
    return [...steps, { at: c + rng.int(1, 20) * HOUR, status: 'RETURN_OR_REFUND_REQUEST_CANCEL', actor: 'BUYER', description: 'Buyer withdrew the request' }];
  const d = decide(rng, c, [
    ['approve', 72],
    ['partial', 8],
    ['reject', 20],
  ]);
  const success = (at: number): Step[] => [
    { at, status: 'RETURN_OR_REFUND_REQUEST_SUCCESS', actor: 'SYSTEM', description: 'Refund approved' },
    paid(at + rng.int(2, 72) * HOUR),
  ];
  if (d.choice === 'reject') {
    return [
      ...steps,
      {
        at: d.at,
        status: 'REFUND_OR_RETURN_REQUEST_REJECT',
        actor: 'SELLER',
        description: 'Seller rejected the return request',
        rejectReason: ['reverse_reject_request_reason_1', 'The buyer has not returned the item'],
      },
      ...afterRejection(rng, d.at, 'REFUND_OR_RETURN_REQUEST_REJECT', 'RETURN_OR_REFUND_REQUEST_CANCEL', success),
    ];
  }
  if (d.choice === 'partial') {
    return [
      ...steps,
      { at: d.at, status: 'AWAITING_BUYER_RESPONSE', actor: 'SELLER', description: 'Seller offered a partial refund', nextAction: 'BUYER_RESPOND' },
      ...success(d.at + rng.int(4, 48) * HOUR).map((s, i): Step => (i === 0 ? { ...s, actor: 'BUYER', description: 'Buyer accepted the partial refund' } : s)),
    ];
  }
  const approved: Step = {
    at: d.at,
    status: 'AWAITING_BUYER_SHIP',
    actor: d.bySystem ? 'SYSTEM' : 'SELLER',
    description: d.bySystem ? 'Auto-approved: the seller did not respond in 48 hours' : 'Seller approved the return; waiting for the buyer to ship',
  };
  if (rng.chance(0.12)) {
    return [
      ...steps,
      approved,
      { at: d.at + 7 * DAY, status: 'RETURN_OR_REFUND_REQUEST_CANCEL', actor: 'SYSTEM', description: 'Closed: the buyer did not ship the item in time' },
    ];
  }
  const shipped = d.at + rng.int(12, 96) * HOUR;
  const received = decide(rng, shipped, [
    ['approve', 85],
    ['reject', 15],
  ]);
  const inTransit: Step = {
    at: shipped,
    status: 'BUYER_SHIPPED_ITEM',
    actor: 'BUYER',
    description: 'Buyer shipped the item back',
    nextAction: 'SELLER_RESPOND_RECEIVE_PACKAGE',
    awaitsSeller: true,
    shipped: true,
  };
  if (received.choice === 'reject') {
    return [
      ...steps,
      approved,
      inTransit,
      {
        at: received.at,
        status: 'REJECT_RECEIVE_PACKAGE',
        actor: 'SELLER',
        description: 'Seller rejected the returned package',
        rejectReason: ['reverse_reject_return_parcel_reason_2', 'Returned item is damaged'],
        shipped: true,
      },
      ...afterRejection(rng, received.at, 'REJECT_RECEIVE_PACKAGE', 'RETURN_OR_REFUND_REQUEST_CANCEL', success).map((s) => ({ ...s, shipped: true })),
    ];
  }
  return [...steps, approved, inTransit, ...success(received.at).map((s) => ({ ...s, shipped: true }))];
}

export function replacementSteps(rng: Rng, c: number): Step[] {
  const steps: Step[] = [
    {
      at: c,
      status: 'REPLACEMENT_REQUEST_PENDING',
      actor: 'BUYER',
      description: 'Buyer requested a replacement',
      nextAction: 'SELLER_RESPOND_REPLACEMENT',
      awaitsSeller: true,
    },
  ];
  if (rng.chance(0.12))
    return [
      ...steps,
      { at: c + rng.int(1, 20) * HOUR, status: 'REPLACEMENT_REQUEST_CANCEL', actor: 'BUYER', description: 'Buyer withdrew the replacement request' },
    ];
  const d = decide(rng, c, [
    ['approve', 60],
    ['refund', 15],
    ['reject', 25],
  ]);
  if (d.choice === 'approve')
    return [
      ...steps,
      {
        at: d.at,
        status: 'REPLACEMENT_REQUEST_COMPLETE',
        actor: d.bySystem ? 'SYSTEM' : 'SELLER',
        description: 'Replacement approved; a new order was created',
      },
    ];
  if (d.choice === 'refund')
    return [
      ...steps,
      { at: d.at, status: 'REPLACEMENT_REQUEST_REFUND_SUCCESS', actor: 'SELLER', description: 'Seller refunded instead of replacing (no stock)' },
    ];
  return [
    ...steps,
    {
      at: d.at,
      status: 'REPLACEMENT_REQUEST_REJECT',
      actor: 'SELLER',
      description: 'Seller rejected the replacement',
      rejectReason: ['reverse_reject_request_reason_4', 'The product was used or damaged by the buyer'],
    },
    ...afterRejection(rng, d.at, 'REPLACEMENT_REQUEST_REJECT', 'REPLACEMENT_REQUEST_CANCEL', (at) => [
      { at, status: 'REPLACEMENT_REQUEST_COMPLETE', actor: 'OPERATOR', description: 'Replacement granted after the dispute' },
    ]),
  ];
}

export function cancellationSteps(rng: Rng, c: number, type: string): Step[] {
  const complete = (at: number): Step => ({ at, status: 'CANCELLATION_REQUEST_COMPLETE', actor: 'SYSTEM', description: 'Order cancelled and refunded' });
  if (type === 'CANCEL') {
    const ok = c + rng.int(60, 3600);
    return [
      { at: c, status: 'CANCELLATION_REQUEST_PENDING', actor: 'SYSTEM', description: 'Cancellation created' },
      { at: ok, status: 'CANCELLATION_REQUEST_SUCCESS', actor: 'SYSTEM', description: 'Cancellation accepted' },
      complete(ok + rng.int(1, 24) * HOUR),
    ];
  }
  const steps: Step[] = [
    {
      at: c,
      status: 'CANCELLATION_REQUEST_PENDING',
      actor: 'BUYER',
      description: 'Buyer asked to cancel the order',
      nextAction: 'SELLER_RESPOND_CANCEL',
      awaitsSeller: true,
    },
  ];
  if (rng.chance(0.06))
    return [
      ...steps,
      { at: c + rng.int(1, 12) * HOUR, status: 'CANCELLATION_REQUEST_CANCELLED', actor: 'BUYER', description: 'Buyer withdrew the cancellation' },
    ];
  const d = decide(rng, c, [
    ['approve', 80],
    ['reject', 20],
  ]);
  if (d.choice === 'reject') {
    return [
      ...steps,
      {
        at: d.at,
        status: 'CANCELLATION_REQUEST_CANCELLED',
        actor: 'SELLER',
        description: 'Seller rejected the cancellation',
        rejectReason: ['seller_reject_apply_product_has_been_packed', 'The product has already been packed'],
      },
    ];
  }
  return [
    ...steps,
    {
      at: d.at,
      status: 'CANCELLATION_REQUEST_SUCCESS',
      actor: d.bySystem ? 'SYSTEM' : 'SELLER',
      description: d.bySystem ? 'Auto-approved: the seller did not respond in 48 hours' : 'Seller approved the cancellation',
    },
    complete(d.at + rng.int(1, 24) * HOUR),
  ];
}

/** Number of requests a shop has by `now` (initial population plus arrivals since the epoch). */
