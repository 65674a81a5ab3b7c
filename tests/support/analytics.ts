import { db } from '@/server/db';

/**
 * The analytics rollups next to the test's own SQL over the tables they summarise. Each pair is
 * sorted the same way and compared whole: counts as numbers, money as the exact numeric text
 * PostgreSQL writes (four decimals, summed within one currency only).
 */

const num = (value: bigint | number | string) => Number(value);

/** A day log row: its keys and its sums. */
interface DayRow {
  account_id: number;
  day: string;
  currency: string;
  status: string;
  reason: string;
  refunds: bigint;
  amount: string;
}

/** The day log summed over shops keys on the type and the reason label too. */
type AllShopsDayRow = Omit<DayRow, 'account_id'> & { type: string; label: string };
type MonthRow = Omit<AllShopsDayRow, 'day'> & { month: string };

export async function dayRollup() {
  const rows = await db.$queryRaw<DayRow[]>`
    SELECT account_id, day::text, currency, status::text, reason, sum(refunds)::bigint AS refunds, sum(amount)::text AS amount
      FROM refund_day_deltas GROUP BY 1, 2, 3, 4, 5 HAVING sum(refunds) <> 0 OR sum(amount) <> 0 ORDER BY 1, 2, 3, 4, 5`;
  return rows.map((r) => ({ ...r, refunds: num(r.refunds) }));
}

export async function dayFromRefunds(zone: string) {
  const rows = await db.$queryRaw<DayRow[]>`
    SELECT account_id, (marketplace_created_at AT TIME ZONE ${zone})::date::text AS day, coalesce(currency, '') AS currency, status::text,
           coalesce(reason, '') AS reason, count(*)::bigint AS refunds, coalesce(sum(refund_amount), 0)::numeric(18, 4)::text AS amount
      FROM refunds GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`;
  return rows.map((r) => ({ ...r, refunds: num(r.refunds) }));
}

/** The day log summed over shops (its own table, kept by a trigger on the day log). */
export async function allShopsDayRollup() {
  const rows = await db.$queryRaw<AllShopsDayRow[]>`
    SELECT day::text, currency, status::text, reason, type::text, reason_label AS label, sum(refunds)::bigint AS refunds, sum(amount)::text AS amount
      FROM refund_all_shops_day_deltas GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(refunds) <> 0 OR sum(amount) <> 0 ORDER BY 1, 2, 3, 4, 5, 6`;
  return rows.map((r) => ({ ...r, refunds: num(r.refunds) }));
}

export async function allShopsDayFromRefunds(zone: string) {
  const rows = await db.$queryRaw<AllShopsDayRow[]>`
    SELECT (marketplace_created_at AT TIME ZONE ${zone})::date::text AS day, coalesce(currency, '') AS currency, status::text,
           coalesce(reason, '') AS reason, type::text, coalesce(reason_label, '') AS label, count(*)::bigint AS refunds,
           coalesce(sum(refund_amount), 0)::numeric(18, 4)::text AS amount
      FROM refunds GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`;
  return rows.map((r) => ({ ...r, refunds: num(r.refunds) }));
}

/** The day log summed over shops by store month (the first day of the month; kept by the same trigger). */
export async function allShopsMonthRollup() {
  const rows = await db.$queryRaw<MonthRow[]>`
    SELECT month::text, currency, status::text, reason, type::text, reason_label AS label, sum(refunds)::bigint AS refunds, sum(amount)::text AS amount
      FROM refund_all_shops_month_deltas GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(refunds) <> 0 OR sum(amount) <> 0 ORDER BY 1, 2, 3, 4, 5, 6`;
  return rows.map((r) => ({ ...r, refunds: num(r.refunds) }));
}

export async function allShopsMonthFromRefunds(zone: string) {
  const rows = await db.$queryRaw<MonthRow[]>`
    SELECT date_trunc('month', marketplace_created_at AT TIME ZONE ${zone})::date::text AS month, coalesce(currency, '') AS currency, status::text,
           coalesce(reason, '') AS reason, type::text, coalesce(reason_label, '') AS label, count(*)::bigint AS refunds,
           coalesce(sum(refund_amount), 0)::numeric(18, 4)::text AS amount
      FROM refunds GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`;
  return rows.map((r) => ({ ...r, refunds: num(r.refunds) }));
}

/** Refunds summed over shops by store day of TikTok's last update, currency and status (the grid's updated range). */
interface UpdatedRow {
  day: string;
  currency: string;
  status: string;
  refunds: bigint;
  amount: string;
}

export async function allShopsUpdatedRollup() {
  const rows = await db.$queryRaw<UpdatedRow[]>`
    SELECT day::text, currency, status::text, sum(refunds)::bigint AS refunds, sum(amount)::text AS amount
      FROM refund_all_shops_updated_deltas GROUP BY 1, 2, 3 HAVING sum(refunds) <> 0 OR sum(amount) <> 0 ORDER BY 1, 2, 3`;
  return rows.map((r) => ({ ...r, refunds: num(r.refunds) }));
}

export async function allShopsUpdatedFromRefunds(zone: string) {
  const rows = await db.$queryRaw<UpdatedRow[]>`
    SELECT (marketplace_updated_at AT TIME ZONE ${zone})::date::text AS day, coalesce(currency, '') AS currency, status::text,
           count(*)::bigint AS refunds, coalesce(sum(refund_amount), 0)::numeric(18, 4)::text AS amount
      FROM refunds GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`;
  return rows.map((r) => ({ ...r, refunds: num(r.refunds) }));
}

/** Refunds per shop, store day (or month), currency and status: the per-shop logs without the reason. */
interface ShopRow {
  account_id: number;
  day: string;
  currency: string;
  status: string;
  refunds: bigint;
  amount: string;
}

/** The per-shop log by `unit` ('day' or 'month', its first day in `day`). */
export async function shopRollup(unit: 'day' | 'month') {
  const table = unit === 'day' ? 'refund_shop_day_deltas' : 'refund_shop_month_deltas';
  const rows = await db.$queryRawUnsafe<ShopRow[]>(`
    SELECT account_id, ${unit}::text AS day, currency, status::text, sum(refunds)::bigint AS refunds, sum(amount)::text AS amount
      FROM ${table} GROUP BY 1, 2, 3, 4 HAVING sum(refunds) <> 0 OR sum(amount) <> 0 ORDER BY 1, 2, 3, 4`);
  return rows.map((r) => ({ ...r, refunds: num(r.refunds) }));
}

export async function shopFromRefunds(unit: 'day' | 'month', zone: string) {
  const rows = await db.$queryRawUnsafe<ShopRow[]>(
    `SELECT account_id, date_trunc('${unit}', marketplace_created_at AT TIME ZONE $1)::date::text AS day, coalesce(currency, '') AS currency,
            status::text, count(*)::bigint AS refunds, coalesce(sum(refund_amount), 0)::numeric(18, 4)::text AS amount
       FROM refunds GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    zone,
  );
  return rows.map((r) => ({ ...r, refunds: num(r.refunds) }));
}

export async function skuRollup() {
  const rows = await db.$queryRaw<
    { account_id: number; day: string; currency: string; status: string; sku: string; units: bigint; refunds: bigint; amount: string }[]
  >`
    SELECT account_id, day::text, currency, status::text, sku_id AS sku, sum(units)::bigint AS units, sum(refunds)::bigint AS refunds, sum(amount)::text AS amount
      FROM refund_sku_deltas GROUP BY 1, 2, 3, 4, 5 HAVING sum(units) <> 0 OR sum(refunds) <> 0 OR sum(amount) <> 0 ORDER BY 1, 2, 3, 4, 5`;
  return rows.map((r) => ({ ...r, units: num(r.units), refunds: num(r.refunds) }));
}

/** Every unit of refunds.line_items, in the line's currency (the refund's when the line has none). */
export async function skuFromRefunds(zone: string) {
  const rows = await db.$queryRaw<
    { account_id: number; day: string; currency: string; status: string; sku: string; units: bigint; refunds: bigint; amount: string }[]
  >`
    SELECT r.account_id, (r.marketplace_created_at AT TIME ZONE ${zone})::date::text AS day, coalesce(li->>'currency', r.currency, '') AS currency,
           r.status::text, coalesce(li->>'skuId', '') AS sku, count(*)::bigint AS units, count(DISTINCT r.id)::bigint AS refunds,
           coalesce(sum((li->>'amount')::numeric), 0)::numeric(18, 4)::text AS amount
      FROM refunds r CROSS JOIN LATERAL jsonb_array_elements(r.line_items) AS li
     GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`;
  return rows.map((r) => ({ ...r, units: num(r.units), refunds: num(r.refunds) }));
}

export async function answerRollup() {
  const rows = await db.$queryRaw<{ account_id: number; day: string; currency: string; source: string; band: number; answers: bigint; seconds: bigint }[]>`
    SELECT account_id, day::text, currency, source::text, band::int, sum(answers)::bigint AS answers, sum(seconds)::bigint AS seconds
      FROM refund_answer_deltas GROUP BY 1, 2, 3, 4, 5 HAVING sum(answers) <> 0 OR sum(seconds) <> 0 ORDER BY 1, 2, 3, 4, 5`;
  return rows.map((r) => ({ ...r, answers: num(r.answers), seconds: num(r.seconds) }));
}

/** The answer log summed over shops by `unit` ('day' or 'month', its first day in `day`). */
export async function allShopsAnswerRollup(unit: 'day' | 'month') {
  const table = unit === 'day' ? 'refund_all_shops_answer_deltas' : 'refund_all_shops_answer_month_deltas';
  const rows = await db.$queryRawUnsafe<{ day: string; currency: string; source: string; band: number; answers: bigint; seconds: bigint }[]>(`
    SELECT ${unit}::text AS day, currency, source::text, band::int, sum(answers)::bigint AS answers, sum(seconds)::bigint AS seconds
      FROM ${table} GROUP BY 1, 2, 3, 4 HAVING sum(answers) <> 0 OR sum(seconds) <> 0 ORDER BY 1, 2, 3, 4`);
  return rows.map((r) => ({ ...r, answers: num(r.answers), seconds: num(r.seconds) }));
}

/** answersFromRows summed over shops, by day or by month. */
export async function allShopsAnswersFromRows(unit: 'day' | 'month', zone: string) {
  const groups = new Map<string, { day: string; currency: string; source: string; band: number; answers: number; seconds: number }>();
  for (const row of await answersFromRows(zone)) {
    const day = unit === 'day' ? row.day : `${row.day.slice(0, 7)}-01`;
    const key = [day, row.currency, row.source, row.band].join('|');
    const group = groups.get(key) ?? { day, currency: row.currency, source: row.source, band: row.band, answers: 0, seconds: 0 };
    group.answers += row.answers;
    group.seconds += row.seconds;
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** Hours bands as the page states them: under 1, 4, 12, 24, 48 hours, and 48 or more. */
const BAND_LIMITS_HOURS = [1, 4, 12, 24, 48];

/** refund_answers joined to the refund it belongs to (its account, day and currency as they are now). */
export async function answersFromRows(zone: string) {
  const rows = await db.$queryRaw<{ account_id: number; day: string; currency: string; source: string; seconds: bigint }[]>`
    SELECT r.account_id, (r.marketplace_created_at AT TIME ZONE ${zone})::date::text AS day, coalesce(r.currency, '') AS currency, a.source::text,
           floor(extract(epoch FROM a.answered_at - r.marketplace_created_at))::bigint AS seconds
      FROM refund_answers a JOIN refunds r ON r.id = a.refund_id`;
  const groups = new Map<string, { account_id: number; day: string; currency: string; source: string; band: number; answers: number; seconds: number }>();
  for (const row of rows) {
    const seconds = Math.max(0, num(row.seconds));
    const band = BAND_LIMITS_HOURS.findIndex((hours) => seconds < hours * 3600);
    const key = [row.account_id, row.day, row.currency, row.source, band === -1 ? 5 : band].join('|');
    const group = groups.get(key) ?? {
      account_id: row.account_id,
      day: row.day,
      currency: row.currency,
      source: row.source,
      band: band === -1 ? 5 : band,
      answers: 0,
      seconds: 0,
    };
    group.answers += 1;
    group.seconds += seconds;
    groups.set(key, group);
  }
  return [...groups.values()];
}

export async function decisionRollup() {
  const rows = await db.$queryRaw<{ account_id: number; day: string; currency: string; actor: string; kind: string; decisions: bigint; refunds: bigint }[]>`
    SELECT account_id, day::text, currency, actor_label AS actor, kind::text, sum(decisions)::bigint AS decisions, sum(refunds)::bigint AS refunds
      FROM refund_decision_deltas GROUP BY 1, 2, 3, 4, 5 HAVING sum(decisions) <> 0 OR sum(refunds) <> 0 ORDER BY 1, 2, 3, 4, 5`;
  return rows.map((r) => ({ ...r, decisions: num(r.decisions), refunds: num(r.refunds) }));
}

export async function decisionsFromRows(zone: string) {
  const rows = await db.$queryRaw<{ account_id: number; day: string; currency: string; actor: string; kind: string; decisions: bigint; refunds: bigint }[]>`
    SELECT r.account_id, (r.marketplace_created_at AT TIME ZONE ${zone})::date::text AS day, coalesce(r.currency, '') AS currency, d.actor_label AS actor,
           d.kind::text, count(*)::bigint AS decisions, count(DISTINCT d.refund_id)::bigint AS refunds
      FROM refund_decisions d JOIN refunds r ON r.id = d.refund_id WHERE d.state = 'Applied'
     GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`;
  return rows.map((r) => ({ ...r, decisions: num(r.decisions), refunds: num(r.refunds) }));
}

/** TikTok's reported days by the shop's month: the log next to the days it sums. */
export async function performanceMonthRollup() {
  const rows = await db.$queryRaw<{ account_id: number; month: string; orders: bigint; days: bigint }[]>`
    SELECT account_id, month::text, sum(orders)::bigint AS orders, sum(days)::bigint AS days
      FROM shop_performance_month_deltas GROUP BY 1, 2 HAVING sum(orders) <> 0 OR sum(days) <> 0 ORDER BY 1, 2`;
  return rows.map((r) => ({ ...r, orders: num(r.orders), days: num(r.days) }));
}

export async function performanceMonthFromDays() {
  const rows = await db.$queryRaw<{ account_id: number; month: string; orders: bigint; days: bigint }[]>`
    SELECT account_id, date_trunc('month', date::timestamp)::date::text AS month, sum(orders)::bigint AS orders, count(*)::bigint AS days
      FROM shop_daily_performance WHERE orders IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`;
  return rows.map((r) => ({ ...r, orders: num(r.orders), days: num(r.days) }));
}

/** Rows in one order whatever the database's collation: by their key fields as JSON. */
function sorted<T extends object>(rows: T[], keys: (keyof T)[]): T[] {
  const key = (row: T) => JSON.stringify(keys.map((k) => row[k]));
  return [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Every log next to its own SQL, in one object so a failure shows which log and which key. */
export async function rollupsAndTruth(zone: string) {
  const day = ['account_id', 'day', 'currency', 'status', 'reason'] as const;
  const allShopsDay = ['day', 'currency', 'status', 'reason', 'type', 'label'] as const;
  const allShopsMonth = ['month', 'currency', 'status', 'reason', 'type', 'label'] as const;
  const allShopsUpdated = ['day', 'currency', 'status'] as const;
  const sku = ['account_id', 'day', 'currency', 'status', 'sku'] as const;
  const answers = ['account_id', 'day', 'currency', 'source', 'band'] as const;
  const decisions = ['account_id', 'day', 'currency', 'actor', 'kind'] as const;
  const shop = ['account_id', 'day', 'currency', 'status'] as const;
  const allShopsAnswers = ['day', 'currency', 'source', 'band'] as const;
  return {
    rollups: {
      day: sorted(await dayRollup(), [...day]),
      allShopsDay: sorted(await allShopsDayRollup(), [...allShopsDay]),
      allShopsMonth: sorted(await allShopsMonthRollup(), [...allShopsMonth]),
      allShopsUpdated: sorted(await allShopsUpdatedRollup(), [...allShopsUpdated]),
      sku: sorted(await skuRollup(), [...sku]),
      answers: sorted(await answerRollup(), [...answers]),
      decisions: sorted(await decisionRollup(), [...decisions]),
      shopDay: sorted(await shopRollup('day'), [...shop]),
      shopMonth: sorted(await shopRollup('month'), [...shop]),
      allShopsAnswers: sorted(await allShopsAnswerRollup('day'), [...allShopsAnswers]),
      allShopsAnswerMonths: sorted(await allShopsAnswerRollup('month'), [...allShopsAnswers]),
      performanceMonths: sorted(await performanceMonthRollup(), ['account_id', 'month']),
    },
    truth: {
      day: sorted(await dayFromRefunds(zone), [...day]),
      allShopsDay: sorted(await allShopsDayFromRefunds(zone), [...allShopsDay]),
      allShopsMonth: sorted(await allShopsMonthFromRefunds(zone), [...allShopsMonth]),
      allShopsUpdated: sorted(await allShopsUpdatedFromRefunds(zone), [...allShopsUpdated]),
      sku: sorted(await skuFromRefunds(zone), [...sku]),
      answers: sorted(await answersFromRows(zone), [...answers]),
      decisions: sorted(await decisionsFromRows(zone), [...decisions]),
      shopDay: sorted(await shopFromRefunds('day', zone), [...shop]),
      shopMonth: sorted(await shopFromRefunds('month', zone), [...shop]),
      allShopsAnswers: sorted(await allShopsAnswersFromRows('day', zone), [...allShopsAnswers]),
      allShopsAnswerMonths: sorted(await allShopsAnswersFromRows('month', zone), [...allShopsAnswers]),
      performanceMonths: sorted(await performanceMonthFromDays(), ['account_id', 'month']),
    },
  };
}
