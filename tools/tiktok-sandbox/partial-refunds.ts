import { currentStep, type RequestSeed, type Step } from './population';
import { createRng, type Rng } from './random';
import type { Change, SandboxState } from './state';
import { decimalToMinor, formatMinor, refundTotalOf } from './tiktok-json';
import { HOUR, SELLER_RESPONSE_WINDOW } from './timelines';

/**
 * Partial refunds (Approve Return with OFFER_PARTIAL_REFUND, API doc 4.3, 5.2): the seller offers
 * part of the refund while TikTok waits on SELLER_RESPOND_REFUND or SELLER_RESPOND_RETURN; the
 * request waits for the buyer (AWAITING_BUYER_RESPONSE, seller_proposed_return_type
 * PARTIAL_REFUND, partial_refund set), who answers after a delay on the sandbox clock, drawn from
 * the seed: accept (the refund becomes the offered amount) or reject (buyer_rejected_partial_refund,
 * and the request goes back to the seller or to TikTok's arbitration). The control API can make
 * the buyer answer now (POST /_sandbox/partial-refund/answer).
 */

export interface Offer {
  currency: string;
  amount: string;
}

type Refusal = { code: number; message: string };
type Answer = 'accept' | 'seller' | 'arbitration';

const DECIMAL = /^\d{1,14}(\.\d{1,6})?$/;

/** The offer step, then the buyer's answer later; or TikTok's 25001001 for an offer it refuses. */
export function offerSteps(seed: string, request: RequestSeed, step: Step, offer: Offer | undefined, now: number): Step[] | Refusal {
  const { market } = request.shop;
  const invalid = (detail: string): Refusal => ({ code: 25001001, message: `Invalid request parameter: partial_refund ${detail}` });
  if (!offer) return invalid('is required with OFFER_PARTIAL_REFUND');
  if (offer.currency !== market.currency) return invalid(`currency must be the request's currency (${market.currency})`);
  const fraction = offer.amount.split('.')[1] ?? '';
  if (!DECIMAL.test(offer.amount) || fraction.length > market.decimals)
    return invalid(`amount must be a decimal string with at most ${market.decimals} decimals`);
  const total = refundTotalOf(request);
  const minor = decimalToMinor(offer.amount, market.decimals);
  if (minor <= 0 || minor > decimalToMinor(total, market.decimals)) return invalid(`amount must be more than 0 and at most the refund total (${total})`);
  const offered = { currency: market.currency, amount: formatMinor(minor, market.decimals) };
  const rng = createRng(`${seed}:offer:${request.id}:${now}`);
  const answerAt = now + rng.int(4, 48) * HOUR;
  const answer = rng.weighted([
    ['accept', 60],
    ['seller', 25],
    ['arbitration', 15],
  ] as const);
  return [
    {
      at: now,
      status: 'AWAITING_BUYER_RESPONSE',
      actor: 'SELLER',
      description: 'Seller offered a partial refund',
      nextAction: 'BUYER_RESPOND',
      offer: offered,
      shipped: step.shipped,
    },
    ...answerSteps(offered, answerAt, answer, rng),
  ];
}

function answerSteps(offer: Offer, at: number, answer: Answer, rng: Rng): Step[] {
  const paidAt = (from: number) => from + rng.int(2, 48) * HOUR;
  if (answer === 'accept') {
    const done = paidAt(at);
    return [
      { at, status: 'RETURN_OR_REFUND_REQUEST_SUCCESS', actor: 'BUYER', description: 'Buyer accepted the partial refund', offer, refundTotal: offer.amount },
      {
        at: done,
        status: 'RETURN_OR_REFUND_REQUEST_COMPLETE',
        actor: 'SYSTEM',
        description: 'Partial refund paid to the buyer',
        offer,
        refundTotal: offer.amount,
      },
    ];
  }
  const rejected = { offer, offerRejected: true };
  if (answer === 'seller') {
    // Back with the seller; unanswered, TikTok approves the full refund at the deadline (API doc 5.5).
    const auto = at + SELLER_RESPONSE_WINDOW;
    return [
      {
        at,
        status: 'RETURN_OR_REFUND_REQUEST_PENDING',
        actor: 'BUYER',
        description: 'Buyer rejected the partial refund',
        nextAction: 'SELLER_RESPOND_REFUND',
        awaitsSeller: true,
        ...rejected,
      },
      {
        at: auto,
        status: 'RETURN_OR_REFUND_REQUEST_SUCCESS',
        actor: 'SYSTEM',
        description: 'Auto-approved: the seller did not respond in 48 hours',
        ...rejected,
      },
      { at: paidAt(auto), status: 'RETURN_OR_REFUND_REQUEST_COMPLETE', actor: 'SYSTEM', description: 'Refund paid to the buyer', ...rejected },
    ];
  }
  const ruled = at + rng.int(24, 96) * HOUR;
  return [
    {
      at,
      status: 'RETURN_OR_REFUND_REQUEST_PENDING',
      arbitration: 'IN_PROGRESS',
      actor: 'BUYER',
      description: 'Buyer rejected the partial refund and appealed; TikTok is reviewing the dispute',
      ...rejected,
    },
    {
      at: ruled,
      status: 'RETURN_OR_REFUND_REQUEST_SUCCESS',
      arbitration: 'SUPPORT_BUYER',
      actor: 'OPERATOR',
      description: 'TikTok ruled for the buyer',
      ...rejected,
    },
    {
      at: paidAt(ruled),
      status: 'RETURN_OR_REFUND_REQUEST_COMPLETE',
      arbitration: 'SUPPORT_BUYER',
      actor: 'SYSTEM',
      description: 'Refund paid to the buyer',
      ...rejected,
    },
  ];
}

/** The buyer answers the pending offer now (for tests and demos); `then` says where a rejection goes. */
export function answerOfferNow(state: SandboxState, id: string, answer: 'accept' | 'reject', then: 'seller' | 'arbitration' = 'seller'): Change | string {
  const found = state.find(id, 'Return');
  if (!found) return 'unknown return id';
  const now = state.now();
  const step = currentStep(found.request.steps, now);
  if (step?.status !== 'AWAITING_BUYER_RESPONSE' || !step.offer) return `no partial refund waits for the buyer (status ${step?.status ?? 'none'})`;
  const rng = createRng(`${state.config.seed}:offer-answer:${id}:${now}`);
  return state.continueWith(found, answerSteps(step.offer, now, answer === 'accept' ? 'accept' : then, rng));
}
