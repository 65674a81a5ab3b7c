import { CANCEL_REASONS, CARRIERS, MARKETS, PRODUCTS, RETURN_REASONS, SHOP_NAMES, type Market } from './catalog';
import { createRng, hashString, type Rng } from './random';

/**
 * The sandbox's deterministic population. Each request is a pure function of (seed, shop, index):
 * its fixed fields and a scripted timeline of TikTok statuses following the documented transitions
 * (API doc 5.2/5.3). The state "now" is the last step whose time has passed, so the population
 * evolves with the clock without storing anything; the server layers seller decisions and
 * on-demand changes on top (./state.ts).
 */

const HOUR = 3600;
const DAY = 24 * HOUR;
/** TikTok auto-approves when the seller does not answer within 48 hours (API doc 5.5). */
const SELLER_RESPONSE_WINDOW = 48 * HOUR;

export interface SandboxShop {
  index: number;
  shopId: string;
  cipher: string;
  code: string;
  name: string;
  market: Market;
  sellerType: 'LOCAL' | 'CROSS_BORDER';
}

export interface PopulationConfig {
  seed: string;
  /** Unix seconds: the moment `size` requests exist; later ones arrive at `arrivalsPerHour`. */
  epoch: number;
  /** Requests (returns + cancellations) across all shops at `epoch`. */
  size: number;
  shopCount: number;
  /** Days before `epoch` that the initial population spans. */
  windowDays: number;
  /** New requests per hour after `epoch`, across all shops. */
  arrivalsPerHour: number;
  /** Share of returns that end in a status TikTok has not documented (exercises "unmapped"). */
  unknownStatusRate: number;
  /**
   * Share of the initial population created in the last 3 days (default 0.25, so the demo has
   * live work; the benchmark's two-year history uses about a day's share of arrivals).
   */
  recentShare?: number;
}

export const DEFAULT_POPULATION: Omit<PopulationConfig, 'epoch'> = {
  seed: 'demo',
  size: 300,
  shopCount: 3,
  windowDays: 80,
  arrivalsPerHour: 6,
  unknownStatusRate: 0.005,
};

type Actor = 'BUYER' | 'SELLER' | 'SYSTEM' | 'OPERATOR';

export interface Step {
  at: number;
  status: string;
  actor: Actor;
  description: string;
  arbitration?: string;
  /** What TikTok waits for while this step is current. */
  nextAction?: string;
  /** Set on the step where TikTok waits for a seller decision (approve/reject endpoints apply). */
  awaitsSeller?: boolean;
  rejectReason?: readonly [string, string];
  note?: string;
  shipped?: boolean;
}

export interface RequestSeed {
  kind: 'Return' | 'Cancellation';
  shop: SandboxShop;
  index: number;
  id: string;
  orderId: string;
  type: string;
  createTime: number;
  reason: readonly [string, string];
  role: Actor;
  lineItems: LineItem[];
  shippingFee: string | null;
  tax: string | null;
  /** Which optional fields this record carries: real captures omit many (API doc 4.1). */
  sparse: boolean;
  steps: Step[];
}

interface LineItem {
  id: string;
  orderLineItemId: string;
  skuId: string;
  skuName: string;
  sellerSku: string;
  productName: string;
  amount: string;
}

export function sandboxShops(seed: string, count: number): SandboxShop[] {
  return Array.from({ length: count }, (_, index) => {
    const rng = createRng(`${seed}:shop:${index}`);
    const market = MARKETS[index % MARKETS.length]!;
    const digits = String(7494000000000000000n + BigInt(hashString(`${seed}:shop-id:${index}`)) * 1000n + BigInt(index));
    return {
      index,
      shopId: digits,
      cipher: `ROW_${Buffer.from(`${seed}:${index}:${rng.int(1e6, 9e6)}`).toString('base64url')}`,
      code: `${market.region}LC${String(rng.int(10000, 99999))}`,
      name: SHOP_NAMES[index % SHOP_NAMES.length]! + (index >= SHOP_NAMES.length ? ` ${Math.floor(index / SHOP_NAMES.length) + 1}` : ''),
      market,
      sellerType: rng.chance(0.2) ? 'CROSS_BORDER' : 'LOCAL',
    };
  });
}

/** 19-digit ids like TikTok's, unique per (prefix, shop, index). */
function tiktokId(prefix: string, seed: string, shop: number, index: number): string {
  const check = String(hashString(`${seed}:${prefix}:${shop}:${index}`) % 10000).padStart(4, '0');
  return `${prefix}${String(shop).padStart(2, '0')}${String(index).padStart(9, '0')}${check}`;
}

function money(rng: Rng, market: Market): number {
  const [min, max] = market.price;
  const value = min + rng.next() * (max - min);
  const step = market.decimals === 0 ? (max > 100000 ? 1000 : 10) : 0.01;
  return Math.round(value / step) * step;
}

/** Formats an amount held in minor units as TikTok's decimal string. */
function formatMinor(minor: number, decimals: number): string {
  if (decimals === 0) return String(minor);
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  const unit = 10 ** decimals;
  return `${sign}${Math.floor(abs / unit)}.${String(abs % unit).padStart(decimals, '0')}`;
}

function toMinor(value: number, decimals: number): number {
  return Math.round(value * 10 ** decimals);
}

/** Where each request sits in time: by default a quarter in the last 3 days so the demo has live work. */
function creationTime(rng: Rng, config: PopulationConfig, index: number, perShop: number): number {
  if (index >= perShop) {
    // Arrivals after the epoch, evenly spaced per shop (hourly when arrivals are off: such
    // requests only appear through an on-demand arrival, which sets its own time).
    const perShopPerHour = config.arrivalsPerHour / config.shopCount || 1;
    return config.epoch + Math.floor(((index - perShop + 1) / perShopPerHour) * HOUR);
  }
  const window = rng.chance(config.recentShare ?? 0.25) ? 3 * DAY : config.windowDays * DAY;
  return config.epoch - rng.int(60, window);
}

function sellerDecisionDelay(rng: Rng): number | null {
  // 30% are never handled in Seller Center: TikTok waits for us (or auto-approves at 48 h).
  return rng.chance(0.3) ? null : rng.int(1 * HOUR, 40 * HOUR);
}

export function buildRequest(config: PopulationConfig, shop: SandboxShop, index: number): RequestSeed {
  const { seed } = config;
  const rng = createRng(`${seed}:req:${shop.index}:${index}`);
  const perShop = Math.ceil(config.size / config.shopCount);
  const kind = rng.chance(0.15) ? 'Cancellation' : 'Return';
  const createTime = creationTime(rng, config, index, perShop);
  const market = shop.market;
  const itemCount = rng.weighted([
    [1, 70],
    [2, 22],
    [3, 8],
  ] as const);
  const lineItems: LineItem[] = Array.from({ length: itemCount }, (_, i) => {
    const [productName, skuName] = rng.pick(PRODUCTS);
    return {
      id: tiktokId('5781', seed, shop.index, index * 4 + i),
      orderLineItemId: tiktokId('5764', seed, shop.index, index * 4 + i + 1),
      skuId: tiktokId('1729', seed, shop.index, hashString(productName) % 100000),
      skuName,
      sellerSku: `${productName.slice(0, 3).toUpperCase()}-${hashString(skuName) % 1000}`,
      productName,
      amount: formatMinor(toMinor(money(rng, market), market.decimals), market.decimals),
    };
  });
  const withShipping = rng.chance(0.4);
  const shippingFee = withShipping ? formatMinor(toMinor(money(rng, market) / 10, market.decimals), market.decimals) : null;
  const tax = market.region === 'US' && rng.chance(0.6) ? formatMinor(toMinor(money(rng, market) / 12, market.decimals), market.decimals) : null;
  // 5% of requests share the order of the previous one (several returns on one order).
  const orderIndex = index > 0 && rng.chance(0.05) ? index - 1 : index;
  const common = {
    shop,
    index,
    orderId: tiktokId('5764', seed, shop.index, orderIndex * 7 + 3),
    createTime,
    lineItems,
    shippingFee,
    tax,
    sparse: rng.chance(0.35),
  };
  if (kind === 'Cancellation') {
    const type = rng.chance(0.7) ? 'BUYER_CANCEL' : 'CANCEL';
    const reason = type === 'CANCEL' ? rng.pick(CANCEL_REASONS.slice(4)) : rng.pick(CANCEL_REASONS.slice(0, 4));
    return {
      ...common,
      kind,
      type,
      reason,
      id: tiktokId('5770', seed, shop.index, index),
      role: type === 'CANCEL' ? rng.pick(['SELLER', 'SYSTEM'] as const) : 'BUYER',
      steps: cancellationSteps(rng, createTime, type),
    };
  }
  const type = rng.weighted([
    ['REFUND', 45],
    ['RETURN_AND_REFUND', 45],
    ['REPLACEMENT', 10],
  ] as const);
  const reason = type === 'REFUND' && rng.chance(0.4) ? RETURN_REASONS[7]! : rng.pick(RETURN_REASONS.slice(0, 7));
  const steps =
    type === 'REFUND' ? refundSteps(rng, createTime) : type === 'RETURN_AND_REFUND' ? returnSteps(rng, createTime) : replacementSteps(rng, createTime);
  if (rng.chance(config.unknownStatusRate)) {
    const last = steps[steps.length - 1]!;
    steps.push({ at: last.at + 6 * HOUR, status: 'EXCHANGE_REQUEST_PENDING', actor: 'SYSTEM', description: 'Request converted to an exchange' });
  }
  return { ...common, kind, type, reason, id: tiktokId('4035', seed, shop.index, index), role: 'BUYER', steps };
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

function refundSteps(rng: Rng, c: number): Step[] {
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

function returnSteps(rng: Rng, c: number): Step[] {
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

function replacementSteps(rng: Rng, c: number): Step[] {
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

function cancellationSteps(rng: Rng, c: number, type: string): Step[] {
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
export function requestCountAt(config: PopulationConfig, now: number): number {
  const perShop = Math.ceil(config.size / config.shopCount);
  if (now <= config.epoch) return perShop;
  const perShopPerHour = config.arrivalsPerHour / config.shopCount;
  return perShop + Math.floor(((now - config.epoch) / HOUR) * perShopPerHour);
}

/** The current step of a timeline at `now` (undefined before the request exists). */
export function currentStep(steps: readonly Step[], now: number): Step | undefined {
  let current: Step | undefined;
  for (const step of steps) {
    if (step.at > now) break;
    current = step;
  }
  return current;
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
function decimalToMinor(value: string, decimals: number): number {
  const [whole = '0', fraction = ''] = value.split('.');
  return Number(whole) * 10 ** decimals + Number(fraction.padEnd(decimals, '0').slice(0, decimals) || '0');
}

function sumDecimal(values: string[], decimals: number): string {
  return formatMinor(
    values.reduce((sum, v) => sum + decimalToMinor(v, decimals), 0),
    decimals,
  );
}

/** The request as TikTok's Search Returns / Search Cancellations would return it at `step`. */
export function toTikTokJson(request: RequestSeed, step: Step, now: number): Record<string, unknown> {
  const { market } = request.shop;
  const subtotal = sumDecimal(
    request.lineItems.map((i) => i.amount),
    market.decimals,
  );
  const total = sumDecimal([subtotal, request.shippingFee ?? '0', request.tax ?? '0'], market.decimals);
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
    refund_amount: amountObject(market.currency, total, subtotal, request.shippingFee, request.tax, request.sparse),
    return_line_items: items,
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

export interface PopulationEntry {
  request: RequestSeed;
  step: Step;
  json: Record<string, unknown>;
}

/** Every request that exists at `now`, in its scripted state (no seller decisions layered on). */
export function* populationAt(config: PopulationConfig, now: number, onlyShop?: number): Generator<PopulationEntry> {
  const shops = sandboxShops(config.seed, config.shopCount).filter((shop) => onlyShop === undefined || shop.index === onlyShop);
  const count = requestCountAt(config, now);
  for (const shop of shops) {
    for (let index = 0; index < count; index++) {
      const request = buildRequest(config, shop, index);
      const step = currentStep(request.steps, now);
      if (step) yield { request, step, json: toTikTokJson(request, step, now) };
    }
  }
}
