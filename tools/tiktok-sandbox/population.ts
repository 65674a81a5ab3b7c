import { CANCEL_REASONS, MARKETS, PRODUCTS, RETURN_REASONS, SHOP_NAMES, type Market } from './catalog';
import type { FinanceSettings } from './finance-markets';
import { createRng, hashString, type Rng } from './random';
import { formatMinor, toTikTokJson } from './tiktok-json';
import { cancellationSteps, DAY, HOUR, refundSteps, replacementSteps, returnSteps } from './timelines';

/**
 * The sandbox's deterministic population. Each request is a pure function of (seed, shop, index):
 * its fixed fields and a scripted timeline of TikTok statuses following the documented transitions
 * (API doc 5.2/5.3). The state "now" is the last step whose time has passed, so the population
 * evolves with the clock without storing anything; the server layers seller decisions and
 * on-demand changes on top (./state.ts). Timelines are scripted in ./timelines.ts, and rendered as
 * TikTok's JSON by ./tiktok-json.ts.
 */

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
  /** The money side (statements, payments, planted discrepancies): ./finance-markets.ts. */
  finance?: Partial<FinanceSettings>;
  /**
   * How `size` and the arrivals spread over the shops: `even` (the default) gives each the same
   * share; `realistic` is what an agency with hundreds of shops sees, a few large and many small
   * (shares falling as 1/rank, Zipf's law: with 500 shops the largest has ~15% of the requests,
   * the median ~0.1%, the smallest ~0.03%). `shopWeights` sets the shares outright (tests).
   */
  spread?: 'even' | 'realistic';
  shopWeights?: number[];
}

/** Each shop's share of the population (sums to 1). */
function shopShares(config: Pick<PopulationConfig, 'shopCount' | 'spread' | 'shopWeights'>): number[] {
  const weights =
    config.shopWeights?.slice(0, config.shopCount) ?? Array.from({ length: config.shopCount }, (_, i) => (config.spread === 'realistic' ? 1 / (i + 1) : 1));
  while (weights.length < config.shopCount) weights.push(1);
  const total = weights.reduce((sum, w) => sum + w, 0);
  return weights.map((w) => w / total);
}

const sharesCache = new WeakMap<object, number[]>();

function shareOf(config: PopulationConfig, shopIndex: number): number {
  let shares = sharesCache.get(config);
  if (!shares) {
    shares = shopShares(config);
    sharesCache.set(config, shares);
  }
  return shares[shopIndex] ?? 0;
}

/** A shop drawn in proportion to its share: on-demand changes and arrivals land where the activity is. */
export function pickShop<T extends { index: number }>(config: PopulationConfig, rng: Rng, shops: readonly T[]): T {
  if (!config.spread && !config.shopWeights) return rng.pick(shops);
  const total = shops.reduce((sum, shop) => sum + shareOf(config, shop.index), 0);
  let point = rng.next() * total;
  for (const shop of shops) {
    point -= shareOf(config, shop.index);
    if (point < 0) return shop;
  }
  return shops[shops.length - 1]!;
}

/** How many requests a shop has at the epoch (its share of `size`, at least one). */
export function shopSize(config: PopulationConfig, shopIndex: number): number {
  if (!config.spread && !config.shopWeights) return Math.ceil(config.size / config.shopCount);
  return Math.max(1, Math.round(config.size * shareOf(config, shopIndex)));
}

/** New requests per hour for a shop after the epoch. */
function shopArrivalsPerHour(config: PopulationConfig, shopIndex: number): number {
  if (!config.spread && !config.shopWeights) return config.arrivalsPerHour / config.shopCount;
  return config.arrivalsPerHour * shareOf(config, shopIndex);
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
  /** A seller's partial-refund offer, shown from this step on (partial_refund, seller_proposed_return_type). */
  offer?: { currency: string; amount: string };
  /** The buyer turned the offer down (buyer_rejected_partial_refund). */
  offerRejected?: boolean;
  /** The refund total TikTok shows from this step on, when it is no longer the request's (an accepted offer). */
  refundTotal?: string;
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

/**
 * 19-digit ids like TikTok's, unique per (prefix, shop, index): prefix(4) + shop % 100 (2) +
 * [shop / 100] * 10^8 + index (9) + check(4). Shops 0-99 keep the layout they always had; shops
 * 100-999 (the 500-shop profile) carry their hundreds in the index field, whose requests stay
 * below 10^8 per shop. `locateId` (./state.ts) reads it back.
 */
export function tiktokId(prefix: string, seed: string, shop: number, index: number): string {
  const check = String(hashString(`${seed}:${prefix}:${shop}:${index}`) % 10000).padStart(4, '0');
  return `${prefix}${String(shop % 100).padStart(2, '0')}${String(Math.floor(shop / 100) * 100_000_000 + index).padStart(9, '0')}${check}`;
}

export function money(rng: Rng, market: Market): number {
  const [min, max] = market.price;
  const value = min + rng.next() * (max - min);
  const step = market.decimals === 0 ? (max > 100000 ? 1000 : 10) : 0.01;
  return Math.round(value / step) * step;
}

export function toMinor(value: number, decimals: number): number {
  return Math.round(value * 10 ** decimals);
}

/** Where each request sits in time: by default a quarter in the last 3 days so the demo has live work. */
function creationTime(rng: Rng, config: PopulationConfig, index: number, perShop: number, shopIndex: number): number {
  if (index >= perShop) {
    // Arrivals after the epoch, evenly spaced per shop (hourly when arrivals are off: such
    // requests only appear through an on-demand arrival, which sets its own time).
    const perShopPerHour = shopArrivalsPerHour(config, shopIndex) || 1;
    return config.epoch + Math.floor(((index - perShop + 1) / perShopPerHour) * HOUR);
  }
  const window = rng.chance(config.recentShare ?? 0.25) ? 3 * DAY : config.windowDays * DAY;
  return config.epoch - rng.int(60, window);
}

export function buildRequest(config: PopulationConfig, shop: SandboxShop, index: number): RequestSeed {
  const { seed } = config;
  const rng = createRng(`${seed}:req:${shop.index}:${index}`);
  const perShop = shopSize(config, shop.index);
  const kind = rng.chance(0.15) ? 'Cancellation' : 'Return';
  const createTime = creationTime(rng, config, index, perShop, shop.index);
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

export function requestCountAt(config: PopulationConfig, now: number, shopIndex = 0): number {
  const perShop = shopSize(config, shopIndex);
  if (now <= config.epoch) return perShop;
  return perShop + Math.floor(((now - config.epoch) / HOUR) * shopArrivalsPerHour(config, shopIndex));
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

export interface PopulationEntry {
  request: RequestSeed;
  step: Step;
  json: Record<string, unknown>;
}

/** Every request that exists at `now`, in its scripted state (no seller decisions layered on). */
export function* populationAt(config: PopulationConfig, now: number, onlyShop?: number): Generator<PopulationEntry> {
  const shops = sandboxShops(config.seed, config.shopCount).filter((shop) => onlyShop === undefined || shop.index === onlyShop);
  for (const shop of shops) {
    const count = requestCountAt(config, now, shop.index);
    for (let index = 0; index < count; index++) {
      const request = buildRequest(config, shop, index);
      const step = currentStep(request.steps, now);
      if (step) yield { request, step, json: toTikTokJson(request, step, now) };
    }
  }
}
