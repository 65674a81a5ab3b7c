import type { SandboxContext } from './context';
import { marketFinance } from './finance-markets';
import { shopLedger, type ShopLedger } from './finance-model';
import { ApiError } from './gateway';
import { hashString } from './random';
import { formatMinor } from './tiktok-json';
import { DAY } from './timelines';

/**
 * Get Shop Performance (Analytics 202405, contract 3.1): per day in the shop's registered time
 * zone, orders, SKU orders, units, GMV and what was refunded, from the same orders and refunds as
 * the Finance ledger. Days run on local time and statements on UTC, so the two straddle (R8);
 * `latest_available_date` is the last complete local day (D-1), and later days are not served.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

/** YYYY-MM-DD of an instant in a zone. */
function localDate(at: number, timeZone: string): string {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, format);
  }
  return format.format(new Date(at * 1000));
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const nextDate = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + DAY * 1000).toISOString().slice(0, 10);

interface Day {
  orders: number;
  skuOrders: number;
  units: number;
  gmv: number;
  refunds: number;
  refundedItems: number;
}

function days(ledger: ShopLedger, timeZone: string, now: number): Map<string, Day> {
  const byDate = new Map<string, Day>();
  const day = (date: string) => {
    let entry = byDate.get(date);
    if (!entry) {
      entry = { orders: 0, skuOrders: 0, units: 0, gmv: 0, refunds: 0, refundedItems: 0 };
      byDate.set(date, entry);
    }
    return entry;
  };
  for (const order of ledger.orders) {
    if (order.createTime > now) continue;
    const entry = day(localDate(order.createTime, timeZone));
    entry.orders += 1;
    entry.skuOrders += new Set(order.units.map((unit) => unit.skuId)).size;
    entry.units += order.units.length;
    entry.gmv += order.units.reduce((sum, unit) => sum + unit.sale, 0) + order.shippingPaid;
  }
  // Dated by the refund (not established by the contract: "whether refunds are dated by order or by refund is not stated").
  for (const refund of ledger.refunds) {
    if (refund.paidAt > now) continue;
    const entry = day(localDate(refund.paidAt, timeZone));
    entry.refunds += refund.total;
    entry.refundedItems += refund.units;
  }
  return byDate;
}

function interval(ledger: ShopLedger, start: string, end: string, entries: Day[]) {
  const total = (key: keyof Day) => entries.reduce((sum, entry) => sum + entry[key], 0);
  const m = (minor: number) => ({ amount: formatMinor(minor, ledger.decimals), currency: ledger.currency });
  const gmv = total('gmv');
  const orders = total('orders');
  const traffic = hashString(`${ledger.shopIndex}:${start}:${end}`) % 1000;
  const video = Math.round(gmv * 0.6);
  return {
    start_date: start,
    end_date: end,
    gmv: m(gmv),
    gmv_breakdowns: [
      { ...m(video), type: 'VIDEO' },
      { ...m(gmv - video), type: 'PRODUCT_CARD' },
    ],
    orders,
    sku_orders: total('skuOrders'),
    units_sold: total('units'),
    buyers: orders,
    buyer_breakdowns: [{ amount: orders, type: 'PRODUCT_CARD' }],
    avg_order_value: m(orders ? Math.round(gmv / orders) : 0),
    product_impressions: orders * 40 + traffic,
    product_page_views: orders * 8 + (traffic % 100),
    avg_product_page_visitors: orders * 6 + (traffic % 50),
    refunds: m(total('refunds')),
    cancellations_and_returns: total('refundedItems'),
  };
}

/** The Analytics route; undefined when the path is not it. */
export function analyticsApi(ctx: SandboxContext, method: string, url: URL, shopIndex: number): { data: unknown } | undefined {
  if (method !== 'GET' || url.pathname !== '/analytics/202405/shop/performance') return undefined;
  const params = url.searchParams;
  const start = params.get('start_date_ge') ?? '';
  const end = params.get('end_date_lt') ?? '';
  if (!DATE.test(start) || !DATE.test(end) || start >= end)
    throw new ApiError(200, 28001022, 'Invalid date range: start_date_ge and end_date_lt are YYYY-MM-DD, start before end');
  const granularity = params.get('granularity') ?? 'ALL';
  if (granularity !== 'ALL' && granularity !== '1D') throw new ApiError(400, 36009004, 'Invalid params: granularity must be ALL or 1D');
  const currency = params.get('currency') ?? 'LOCAL';
  if (currency !== 'LOCAL' && currency !== 'USD') throw new ApiError(400, 36009004, 'Invalid params: currency must be LOCAL or USD');
  const ledger = shopLedger(ctx.state, shopIndex);
  const now = ctx.state.now();
  const timeZone = marketFinance(ledger.region).timeZone;
  const latest = localDate(now - DAY, timeZone);
  const byDate = days(ledger, timeZone, now);
  const dates: string[] = [];
  for (let date = start; date < end && date <= latest && dates.length < 366; date = nextDate(date)) dates.push(date);
  const empty: Day = { orders: 0, skuOrders: 0, units: 0, gmv: 0, refunds: 0, refundedItems: 0 };
  const intervals =
    granularity === '1D'
      ? dates.map((date) => interval(ledger, date, nextDate(date), [byDate.get(date) ?? empty]))
      : dates.length
        ? [
            interval(
              ledger,
              dates[0]!,
              nextDate(dates.at(-1)!),
              dates.map((date) => byDate.get(date) ?? empty),
            ),
          ]
        : [];
  return { data: { latest_available_date: latest, performance: { intervals } } };
}
