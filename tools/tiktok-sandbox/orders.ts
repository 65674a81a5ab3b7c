import { PRODUCTS } from './catalog';
import { DEFAULT_FINANCE, marketFinance, type FinanceSettings } from './finance-markets';
import { money, shopSize, tiktokId, toMinor, type PopulationConfig, type RequestSeed, type SandboxShop } from './population';
import { createRng, hashString } from './random';
import type { SandboxState } from './state';
import { DAY, HOUR } from './timelines';

/**
 * The orders behind the money: every request of the population is on an order, and beside them
 * each shop sells `ordersPerDay` plain orders nobody asks a refund for. An order is a list of
 * unit line items (contract 4: no quantity field, two T-shirts are two line items) with a
 * delivery time; everything here is a pure function of the seed, the shop and the clock, so the
 * statements built from it (./finance-model.ts) never change once cut.
 */

export interface Unit {
  /** Order line item id (what a return's `order_line_item_id` points at). */
  id: string;
  skuId: string;
  skuName: string;
  productName: string;
  /** List price before any discount, minor units. */
  price: number;
  sellerDiscount: number;
  /** Funded by TikTok: the seller still earns price - sellerDiscount. */
  platformDiscount: number;
  /** What the buyer paid for the unit: what a refund gives back for it. */
  sale: number;
  /** Referral fee on the seller's revenue of the unit (contract 7.4). */
  referral: number;
}

export interface SandboxOrder {
  id: string;
  shopIndex: number;
  createTime: number;
  units: Unit[];
  /** Shipping the buyer paid, minor units. */
  shippingPaid: number;
  /** The seller's outbound label, charged at settlement once the parcel shipped. */
  shippingLabel: number;
  /** Sales tax (US): in the buyer's payment and refund, never in the seller's settlement. */
  tax: number;
  /** After-sales requests on the order, current timelines (decisions included), including those not made yet. */
  requests: RequestSeed[];
  /** The first request decides shipping: a completed cancellation means the parcel never left. */
  primary: RequestSeed | null;
  /** Two requests on the order (existing now or not): planted discrepancies stay off such orders. */
  shared: boolean;
  /** Delivery time for orders that shipped (plain orders, orders whose first request is a return). */
  deliveredAt: number | null;
  /** Plain order: its UTC day number and position, for its ids. */
  plain: boolean;
}

/** A shop opens this long before the population's window, so early requests have their orders. */
const SHOP_HISTORY_DAYS = 30;

export function financeSettings(config: PopulationConfig): FinanceSettings {
  return { ...DEFAULT_FINANCE, ...config.finance };
}

function priceUnit(seed: string, shop: SandboxShop, id: string, sale: number, product: readonly [string, string]): Unit {
  const market = marketFinance(shop.market.region);
  const rng = createRng(`${seed}:unit:${shop.index}:${id}`);
  const sellerShare = rng.chance(0.2) ? rng.int(5, 20) / 100 : 0;
  const platformShare = rng.chance(market.platformDiscountShare) ? rng.int(5, 15) / 100 : 0;
  const price = Math.round(sale / (1 - sellerShare - platformShare));
  const sellerDiscount = Math.round(price * sellerShare);
  const platformDiscount = price - sellerDiscount - sale;
  return {
    id,
    skuId: tiktokId('1729', seed, shop.index, hashString(product[0]) % 100000),
    skuName: product[1],
    productName: product[0],
    price,
    sellerDiscount,
    platformDiscount,
    sale,
    referral: Math.round((price - sellerDiscount) * market.referralRate),
  };
}

function productOf(name: string): readonly [string, string] {
  return PRODUCTS.find(([product]) => product === name) ?? [name, ''];
}

/** "12.30" (the population's decimal strings) → minor units, by string arithmetic. */
export function toMinorUnits(value: string, decimals: number): number {
  const negative = value.startsWith('-');
  const [whole = '0', fraction = ''] = value.replace('-', '').split('.');
  const minor = Number(whole) * 10 ** decimals + Number(fraction.padEnd(decimals, '0').slice(0, decimals) || '0');
  return negative ? -minor : minor;
}

/** The order key (index) a request's order id encodes: tiktokId('5764', …, orderIndex * 7 + 3). */
function orderIndexOf(request: RequestSeed): number {
  return (Number(request.orderId.slice(6, 15)) - 3) / 7;
}

/** Requests on order `key`: the request `key` itself and the next one when it shares (population.ts, 5%). */
function requestIndexesOn(state: SandboxState, shop: SandboxShop, key: number): number[] {
  return [key, key + 1].filter((index) => orderIndexOf(state.request(shop.index, index)) === key);
}

function requestOrder(state: SandboxState, shop: SandboxShop, key: number, indexes: number[], count: number, initial: boolean): SandboxOrder {
  const { seed } = state.config;
  const decimals = shop.market.decimals;
  const all = indexes.map((index) => state.request(shop.index, index));
  const primary = all[0]!;
  const rng = createRng(`${seed}:order:${shop.index}:${key}`);
  const units = all.flatMap((request) =>
    request.lineItems.map((item) => priceUnit(seed, shop, item.orderLineItemId, toMinorUnits(item.amount, decimals), productOf(item.productName))),
  );
  // A quarter of orders hold one more unit that nobody returns: refunds are then partial.
  if (rng.chance(0.25)) {
    const product = rng.pick(PRODUCTS);
    units.push(priceUnit(seed, shop, tiktokId('5766', seed, shop.index, key), toMinor(money(rng, shop.market), decimals), product));
  }
  // Initial requests come up to 20 days after delivery, so some find their order settled (contract
  // 7.3); a later arrival comes within 5 days, so its order settles after it exists and no
  // statement already cut can change when it arrives.
  const sinceDelivery = initial ? rng.int(12 * HOUR, 20 * DAY) : rng.int(12 * HOUR, 5 * DAY);
  const deliveredAt = primary.kind === 'Return' ? primary.createTime - sinceDelivery : null;
  const createTime = primary.kind === 'Return' ? deliveredAt! - rng.int(2 * DAY, 5 * DAY) : primary.createTime - rng.int(HOUR, 20 * HOUR);
  const minor = (value: string | null) => (value ? toMinorUnits(value, decimals) : 0);
  return {
    id: primary.orderId,
    shopIndex: shop.index,
    createTime,
    units,
    shippingPaid: all.reduce((sum, request) => sum + minor(request.shippingFee), 0),
    shippingLabel: marketFinance(shop.market.region).shippingLabel + rng.int(0, 3) * 10 ** Math.max(0, decimals - 1),
    tax: all.reduce((sum, request) => sum + minor(request.tax), 0),
    // Made or not yet: a request only acts from its creation time on. A later arrival's timeline is
    // not known before it arrives (it is shifted to its arrival time), so it joins only then.
    requests: all.filter((request) => request.index < count),
    primary,
    shared: indexes.length > 1,
    deliveredAt,
    plain: false,
  };
}

function plainOrders(config: PopulationConfig, shop: SandboxShop, day: number, perDay: number): SandboxOrder[] {
  const rng = createRng(`${config.seed}:plain:${shop.index}:${day}`);
  const decimals = shop.market.decimals;
  const count = perDay === 0 ? 0 : rng.int(Math.ceil(perDay / 2), Math.ceil((perDay * 3) / 2));
  return Array.from({ length: count }, (_, j) => {
    const createTime = day * DAY + rng.int(0, DAY - 1);
    const units = Array.from(
      {
        length: rng.weighted([
          [1, 70],
          [2, 22],
          [3, 8],
        ] as const),
      },
      (_, u) =>
        priceUnit(
          config.seed,
          shop,
          tiktokId('5765', config.seed, shop.index, day * 1000 + j * 10 + u),
          toMinor(money(rng, shop.market), decimals),
          rng.pick(PRODUCTS),
        ),
    );
    return {
      id: tiktokId('5769', config.seed, shop.index, day * 1000 + j),
      shopIndex: shop.index,
      createTime,
      units,
      shippingPaid: rng.chance(0.4) ? toMinor(money(rng, shop.market) / 10, decimals) : 0,
      shippingLabel: marketFinance(shop.market.region).shippingLabel,
      tax: shop.market.region === 'US' && rng.chance(0.6) ? toMinor(money(rng, shop.market) / 12, decimals) : 0,
      requests: [],
      primary: null,
      shared: false,
      deliveredAt: createTime + rng.int(2 * DAY, 6 * DAY),
      plain: true,
    };
  });
}

/**
 * Every order of a shop that can matter at `now`: plain orders from the shop's opening to today,
 * the orders of the initial population (they exist whether or not their request was made yet, so
 * that a request appearing later never rewrites a statement), and the orders of later arrivals
 * that exist now.
 */
export function shopOrders(state: SandboxState, shopIndex: number, now: number): SandboxOrder[] {
  const config = state.config;
  const shop = state.shops[shopIndex]!;
  const perShop = shopSize(config, shopIndex);
  const orders: SandboxOrder[] = [];
  const firstDay = Math.floor((config.epoch - (config.windowDays + SHOP_HISTORY_DAYS) * DAY) / DAY);
  const perDay = financeSettings(config).ordersPerDay;
  for (let day = firstDay; day * DAY <= now; day++) orders.push(...plainOrders(config, shop, day, perDay).filter((order) => order.createTime <= now));
  const count = state.countAt(shopIndex, now);
  for (let key = 0; key < count; key++) {
    const indexes = requestIndexesOn(state, shop, key);
    if (indexes.length === 0) continue;
    const initial = indexes[0]! < perShop;
    if (!initial && !indexes.some((index) => state.exists(shopIndex, index, now))) continue;
    const order = requestOrder(state, shop, key, indexes, count, initial);
    if (order.createTime <= now) orders.push(order);
  }
  return orders;
}
