import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchRefunds, statusCounts } from '@/features/refunds/queries';
import { refundTotals } from '@/features/refunds/totals';
import { loadRefundSearch } from '@/features/refunds/search-params';
import { db } from '@/server/db';
import { reasonKeysOf } from '@/lib/refund-reasons';
import { localToInstant } from '@/lib/store-time';
import { compactAnalyticsRollups, ensureRollupZone } from '@/server/rollups';
import { observeSql } from '@/server/sql';
import { newSandboxProfile } from '@tools/tiktok-sandbox/profile';
import { seedDemo } from '@tools/factories/demo';

/**
 * Status counts under a created range come from the analytics' day rollup (refund_day_deltas, or
 * refund_all_shops_day_deltas when no shop is picked), not from the rows: exact whatever the range, in the store's days, and the rows are counted when
 * the rollup cannot answer (another filter, or its days still in another zone).
 */
const ZONE = 'America/New_York';

/** Per status, counted from the rows with the same filter the grid would apply. */
async function fromRows(where: string, values: unknown[]): Promise<Record<string, number>> {
  const rows = await db.$queryRawUnsafe<{ status: string; n: number }[]>(
    `SELECT status::text, count(*)::int AS n FROM refunds WHERE ${where} GROUP BY status`,
    ...values,
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** The first and last store day a refund was created on. */
async function storeDayRange(): Promise<{ from: string; to: string }> {
  return (
    await db.$queryRaw<{ from: string; to: string }[]>`
      SELECT to_char(min(marketplace_created_at) AT TIME ZONE ${ZONE}, 'YYYY-MM-DD') AS from,
             to_char(max(marketplace_created_at) AT TIME ZONE ${ZONE}, 'YYYY-MM-DD') AS to FROM refunds`
  )[0]!;
}

/** Count and exact sum per currency, from the rows (what the grid's money totals showed before the log answered them). */
async function totalsFromRows(where: string, values: unknown[]) {
  return db.$queryRawUnsafe<{ currency: string | null; count: number; amount: string | null }[]>(
    `SELECT currency, count(*)::int AS count, sum(refund_amount)::text AS amount FROM refunds WHERE ${where} GROUP BY currency ORDER BY currency NULLS LAST`,
    ...values,
  );
}

/** The first five digits of an order id in the middle of the table: an id keyword (4+ digits is an id prefix). */
async function orderIdPrefix(): Promise<string> {
  const [row] = await db.$queryRaw<
    { id: string }[]
  >`SELECT marketplace_order_id AS id FROM refunds ORDER BY id OFFSET (SELECT count(*) / 2 FROM refunds) LIMIT 1`;
  return row!.id.slice(0, 5);
}

const nonZero = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));

describe('status counts for any created range', () => {
  let accountIds: number[];
  const statements: string[] = [];
  beforeAll(async () => {
    const { accounts } = await seedDemo(db, newSandboxProfile({ seed: 'counts-rollup', size: 900, windowDays: 400 }, 1_790_000_000), 'http://127.0.0.1:9');
    accountIds = accounts.map((a) => a.id);
    await ensureRollupZone(ZONE);
    await compactAnalyticsRollups();
    observeSql((text) => statements.push(text));
  });
  afterAll(() => observeSql(null));

  /** The counts just taken came from `log`, without reading the refunds. */
  function expectAnsweredBy(log: string, query: string) {
    expect(
      statements.some((text) => text.includes(`FROM ${log} `)),
      query,
    ).toBe(true);
    expect(
      statements.some((text) => /FROM refunds\b/.test(text)),
      query,
    ).toBe(false);
  }

  /** Each case's counts equal the rows' count under the same filter (none empty), and came from its log. */
  async function expectCountsFrom(cases: [query: string, where: string, values: unknown[], log: string][]) {
    for (const [query, where, values, log] of cases) {
      statements.length = 0;
      const counts = nonZero(await statusCounts(loadRefundSearch(query), ZONE));
      expect(Object.keys(counts).length, query).toBeGreaterThan(0);
      expect(counts, query).toEqual(await fromRows(where, values));
      expectAnsweredBy(log, query);
    }
  }

  it('answers ranges from a day to a year, with account, currency and reason filters, exactly as the rows count', async () => {
    const { from, to } = await storeDayRange();
    const { reason, currency } = (
      await db.$queryRaw<{ reason: string; currency: string }[]>`
      SELECT reason, currency FROM refunds WHERE reason IS NOT NULL GROUP BY reason, currency ORDER BY count(*) DESC LIMIT 1`
    )[0]!;
    const day = `(marketplace_created_at AT TIME ZONE '${ZONE}')::date`;
    const cases: [string, string, unknown[]][] = [
      [`?createdFrom=${from}&createdTo=${to}`, `${day} BETWEEN $1::date AND $2::date`, [from, to]],
      [`?createdFrom=${to}&createdTo=${to}`, `${day} = $1::date`, [to]],
      [`?createdFrom=${from}`, `${day} >= $1::date`, [from]],
      [`?createdTo=${to}&account=${accountIds[1]}`, `${day} <= $1::date AND account_id = $2`, [to, accountIds[1]]],
      [
        `?createdFrom=${from}&createdTo=${to}&currency=${currency}&reason=${encodeURIComponent(reason)}`,
        `${day} BETWEEN $1::date AND $2::date AND currency = $3 AND reason = $4`,
        [from, to, currency, reason],
      ],
    ];
    for (const [query, where, values] of cases) {
      statements.length = 0;
      const counts = await statusCounts(loadRefundSearch(query), ZONE);
      expect(nonZero(counts), query).toEqual(await fromRows(where, values));
      // Over every shop the log summed over shops answers; with shops picked, the per-shop log.
      expectAnsweredBy(query.includes('account=') ? 'refund_day_deltas' : 'refund_all_shops_day_deltas', query);
    }
  });

  it('over every shop, reads the whole months of a range from the month log and only its partial ends from the day log', async () => {
    const { to } = await storeDayRange();
    const day = `(marketplace_created_at AT TIME ZONE '${ZONE}')::date`;
    // Month starts and ends around the data's last day, as calendar dates.
    const month = (offset: number, dayOfMonth: number | 'last') => {
      const [y, m] = to.split('-').map(Number) as [number, number];
      const date = dayOfMonth === 'last' ? new Date(Date.UTC(y, m + offset, 0)) : new Date(Date.UTC(y, m - 1 + offset, dayOfMonth));
      return date.toISOString().slice(0, 10);
    };
    const cases: [string, string | null, string | null, string[]][] = [
      ['two whole months', month(-3, 1), month(-2, 'last'), ['refund_all_shops_month_deltas']],
      ['mid-month to mid-month', month(-5, 17), month(-1, 9), ['refund_all_shops_month_deltas', 'refund_all_shops_day_deltas']],
      ['within one month', month(-2, 3), month(-2, 20), ['refund_all_shops_day_deltas']],
      ['a month and a day', month(-3, 1), month(-2, 1), ['refund_all_shops_month_deltas', 'refund_all_shops_day_deltas']],
      ['from mid-month on', month(-4, 12), null, ['refund_all_shops_month_deltas', 'refund_all_shops_day_deltas']],
      ['up to mid-month', null, month(-4, 12), ['refund_all_shops_month_deltas', 'refund_all_shops_day_deltas']],
      ['up to a month end', null, month(-4, 'last'), ['refund_all_shops_month_deltas']],
    ];
    for (const [name, from, until, logs] of cases) {
      const query = `?${from ? `createdFrom=${from}` : ''}${from && until ? '&' : ''}${until ? `createdTo=${until}` : ''}&status=Refund`;
      const where = [from ? `${day} >= '${from}'::date` : 'true', until ? `${day} <= '${until}'::date` : 'true'].join(' AND ');
      const page = await searchRefunds(loadRefundSearch(query), ZONE);
      expect(nonZero(page.counts), name).toEqual(await fromRows(where, []));
      expect(page.totals, name).toEqual(await totalsFromRows(`${where} AND status = 'Refund'`, []));
      statements.length = 0;
      await statusCounts(loadRefundSearch(query), ZONE);
      for (const log of ['refund_all_shops_month_deltas', 'refund_all_shops_day_deltas'])
        expect(
          statements.some((text) => text.includes(`FROM ${log} `)),
          `${name}: ${log}`,
        ).toBe(logs.includes(log));
      expect(statements.some((text) => /FROM refunds\b/.test(text))).toBe(false);
    }
  });

  it('counts the rows when a created bound has a time of day (the rollup knows whole days only)', async () => {
    const { to } = await storeDayRange();
    const query = `?createdFrom=${to}T00:00&createdTo=${to}T12:00`;
    const at = (local: string, end: boolean) => localToInstant(local, ZONE, end);
    statements.length = 0;
    const counts = nonZero(await statusCounts(loadRefundSearch(query), ZONE));
    expect(counts).toEqual(await fromRows('marketplace_created_at >= $1 AND marketplace_created_at < $2', [at(`${to}T00:00`, false), at(`${to}T12:00`, true)]));
    expect(statements.some((text) => /refund_(all_shops_)?day_deltas/.test(text))).toBe(false);
    // The rows counted are summed in the same read: the page carries their totals.
    expect((await searchRefunds(loadRefundSearch(query), ZONE)).totals).toEqual(
      await totalsFromRows('marketplace_created_at >= $1 AND marketplace_created_at < $2', [at(`${to}T00:00`, false), at(`${to}T12:00`, true)]),
    );
  });

  it('answers a type and a text keyword under a created range over every shop from the logs summed over shops, which key on both; with shops picked, from their rows', async () => {
    const { from, to } = await storeDayRange();
    const day = `(marketplace_created_at AT TIME ZONE '${ZONE}')::date`;
    // A word of the commonest reason text, and every label containing it (what the keyword matches).
    const { label, type } = (
      await db.$queryRaw<{ label: string; type: string }[]>`
        SELECT reason_label AS label, type::text FROM refunds WHERE reason_text IS NOT NULL AND account_id = ${accountIds[1]} GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1`
    )[0]!;
    const word = label
      .split(' ')
      .sort((a, b) => b.length - a.length)[0]!
      .toLowerCase();
    const cases: [string, string, unknown[], string][] = [
      [
        `?createdFrom=${from}&createdTo=${to}&type=ReturnAndRefund`,
        `${day} BETWEEN $1::date AND $2::date AND type = 'ReturnAndRefund'`,
        [from, to],
        'refund_all_shops_month_deltas',
      ],
      [
        `?createdFrom=${from}&type=Refund,Replacement&currency=USD`,
        `${day} >= $1::date AND type IN ('Refund', 'Replacement') AND currency = 'USD'`,
        [from],
        'refund_all_shops_month_deltas',
      ],
      // With no range, a type beside a reason group: the month log summed over shops.
      [
        '?type=ReturnAndRefund&reasonGroup=sellerFault',
        `type = 'ReturnAndRefund' AND lower(trim(reason)) = ANY($1::text[])`,
        [reasonKeysOf('sellerFault')],
        'refund_all_shops_month_deltas',
      ],
    ];
    await expectCountsFrom(cases);
    // null: the shop's own rows are counted (the per-shop log has no type or label).
    for (const [query, log] of [
      [`?createdFrom=${from}&createdTo=${to}&q=${encodeURIComponent(word)}`, 'refund_all_shops_month_deltas'],
      [`?createdFrom=${from}&q=${encodeURIComponent(word)}&type=${type}`, 'refund_all_shops_month_deltas'],
      [`?createdFrom=${from}&q=${encodeURIComponent(word)}&type=${type}&account=${accountIds[1]}`, null],
      [`?createdFrom=${from}&createdTo=${to}&type=${type}&account=${accountIds[1]}`, null],
    ] as const) {
      statements.length = 0;
      const search = loadRefundSearch(query);
      const counts = nonZero(await statusCounts(search, ZONE));
      expect(Object.keys(counts).length, query).toBeGreaterThan(0);
      const conditions = [`${day} >= $1::date`, search.q ? 'reason_label ILIKE $2' : '$2 = $2'];
      if (search.createdTo) conditions.push(`${day} <= '${to}'::date`);
      if (search.type) conditions.push(`type = '${type}'`);
      if (search.account) conditions.push(`account_id = ${accountIds[1]}`);
      expect(counts, query).toEqual(await fromRows(conditions.join(' AND '), [from, `%${word}%`]));
      if (log) {
        expect(
          statements.some((text) => text.includes(`FROM ${log} `)),
          query,
        ).toBe(true);
        // The refunds are read only to list the distinct labels the keyword matches.
        expect(
          statements.filter((text) => /FROM refunds\b/.test(text) && !text.includes('WITH RECURSIVE labels')),
          query,
        ).toEqual([]);
        // And the page's money totals come from the same read.
        expect((await searchRefunds(search, ZONE)).totals, query).toEqual(await totalsFromRows(conditions.join(' AND '), [from, `%${word}%`]));
      } else {
        expect(
          statements.some((text) => /refund_(all_shops_)?day_deltas/.test(text)),
          query,
        ).toBe(false);
      }
    }
  });

  it('answers no range from the count log, summed over shops unless shops are picked', async () => {
    for (const [query, where, values, log] of [
      ['', 'true', [], 'refund_all_shops_count_deltas'],
      [`?account=${accountIds[0]}`, 'account_id = $1', [accountIds[0]], 'refund_count_deltas'],
    ] as const) {
      statements.length = 0;
      expect(nonZero(await statusCounts(loadRefundSearch(query), ZONE)), query).toEqual(await fromRows(where, [...values]));
      expectAnsweredBy(log, query);
    }
  });

  it('answers currency, reason and reason-group filters without a range from the day log summed over shops; with shops picked, from their own keys of the per-shop day log', async () => {
    const { currency } = (await db.$queryRaw<{ currency: string }[]>`SELECT currency FROM refunds GROUP BY currency ORDER BY count(*) DESC LIMIT 1`)[0]!;
    const fault = [...reasonKeysOf('sellerFault'), ...reasonKeysOf('buyerRemorse')];
    const seller = reasonKeysOf('sellerFault');
    const { from, to } = await storeDayRange();
    const day = `(marketplace_created_at AT TIME ZONE '${ZONE}')::date`;
    const cases: [string, string, unknown[], string][] = [
      ['?reasonGroup=sellerFault', 'lower(trim(reason)) = ANY($1::text[])', [seller], 'refund_all_shops_month_deltas'],
      // "other" includes refunds without a reason: the rollup keeps them under '', the rows as NULL.
      [
        '?reasonGroup=other&currency=' + currency,
        '(reason IS NULL OR NOT lower(trim(reason)) = ANY($1::text[])) AND currency = $2',
        [fault, currency],
        'refund_all_shops_month_deltas',
      ],
      [
        `?createdFrom=${from}&createdTo=${to}&reasonGroup=buyerRemorse&account=${accountIds[0]}`,
        `${day} BETWEEN $1::date AND $2::date AND lower(trim(reason)) = ANY($3::text[]) AND account_id = $4`,
        [from, to, reasonKeysOf('buyerRemorse'), accountIds[0]],
        'refund_day_deltas',
      ],
      // One shop's reason group with no range: every day of that shop's keys (the log leads with the shop).
      [
        `?reasonGroup=sellerFault&account=${accountIds[1]}`,
        'lower(trim(reason)) = ANY($1::text[]) AND account_id = $2',
        [seller, accountIds[1]],
        'refund_day_deltas',
      ],
    ];
    await expectCountsFrom(cases);
  });

  it('answers a currency with no range from the count log (which carries the currency), with or without shops, and with a type', async () => {
    const { currency } = (await db.$queryRaw<{ currency: string }[]>`SELECT currency FROM refunds GROUP BY currency ORDER BY count(*) DESC LIMIT 1`)[0]!;
    const cases: [string, string, unknown[], string][] = [
      [`?currency=${currency}`, 'currency = $1', [currency], 'refund_all_shops_count_deltas'],
      [`?currency=${currency}&type=Refund`, `currency = $1 AND type = 'Refund'`, [currency], 'refund_all_shops_count_deltas'],
      [`?currency=${currency}&account=${accountIds[1]}`, 'currency = $1 AND account_id = $2', [currency, accountIds[1]], 'refund_count_deltas'],
    ];
    await expectCountsFrom(cases);
  });

  it("stays exact after writes (the triggers' deltas, folded or not), and counts the rows when the rollup cannot answer", async () => {
    await db.$executeRaw`UPDATE refunds SET status = 'Rejected' WHERE id IN (SELECT id FROM refunds WHERE status <> 'Rejected' ORDER BY id LIMIT 25)`;
    await db.$executeRaw`DELETE FROM refunds WHERE id IN (SELECT id FROM refunds ORDER BY id DESC LIMIT 10)`;
    const { from, to } = await storeDayRange();
    const day = `(marketplace_created_at AT TIME ZONE '${ZONE}')::date`;
    const query = `?createdFrom=${from}&createdTo=${to}`;
    expect(nonZero(await statusCounts(loadRefundSearch(query), ZONE))).toEqual(await fromRows(`${day} BETWEEN $1::date AND $2::date`, [from, to]));
    await compactAnalyticsRollups();
    expect(nonZero(await statusCounts(loadRefundSearch(query), ZONE))).toEqual(await fromRows(`${day} BETWEEN $1::date AND $2::date`, [from, to]));
    // A filter the rollup does not carry (an id keyword), or days in another zone: the rows are counted.
    const prefix = await orderIdPrefix();
    statements.length = 0;
    const byId = nonZero(await statusCounts(loadRefundSearch(`${query}&q=${prefix}`), ZONE));
    expect(Object.keys(byId).length).toBeGreaterThan(0);
    expect(byId).toEqual(
      await fromRows(`${day} BETWEEN $1::date AND $2::date AND (marketplace_order_id LIKE $3 OR marketplace_refund_id LIKE $3)`, [from, to, `${prefix}%`]),
    );
    expect(statements.some((text) => /refund_(all_shops_)?day_deltas/.test(text))).toBe(false);
    statements.length = 0;
    const utcDay = `(marketplace_created_at AT TIME ZONE 'UTC')::date`;
    expect(nonZero(await statusCounts(loadRefundSearch(query), 'UTC'))).toEqual(await fromRows(`${utcDay} BETWEEN $1::date AND $2::date`, [from, to]));
    expect(statements.some((text) => /refund_(all_shops_)?day_deltas/.test(text))).toBe(false);
  });
  it('answers an updated range of whole days over every shop from the updated log, through writes and folds; shops, a type or a time of day count the rows', async () => {
    const updatedDay = `(marketplace_updated_at AT TIME ZONE '${ZONE}')::date`;
    const { from, to } = (
      await db.$queryRaw<{ from: string; to: string }[]>`
        SELECT to_char(min(marketplace_updated_at) AT TIME ZONE ${ZONE}, 'YYYY-MM-DD') AS from,
               to_char(max(marketplace_updated_at) AT TIME ZONE ${ZONE}, 'YYYY-MM-DD') AS to FROM refunds`
    )[0]!;
    // A middle day of the updates, so each range holds some refunds and leaves some out.
    const { mid } = (
      await db.$queryRaw<{ mid: string }[]>`
        SELECT to_char(marketplace_updated_at AT TIME ZONE ${ZONE}, 'YYYY-MM-DD') AS mid FROM refunds
         ORDER BY marketplace_updated_at OFFSET (SELECT count(*) / 2 FROM refunds) LIMIT 1`
    )[0]!;
    const { currency } = (await db.$queryRaw<{ currency: string }[]>`SELECT currency FROM refunds GROUP BY currency ORDER BY count(*) DESC LIMIT 1`)[0]!;
    const cases: [string, string, unknown[], string][] = [
      [`?updatedFrom=${from}&updatedTo=${to}`, `${updatedDay} BETWEEN $1::date AND $2::date`, [from, to], 'refund_all_shops_updated_deltas'],
      [`?updatedFrom=${mid}`, `${updatedDay} >= $1::date`, [mid], 'refund_all_shops_updated_deltas'],
      [`?updatedTo=${mid}&status=Refund`, `${updatedDay} <= $1::date`, [mid], 'refund_all_shops_updated_deltas'],
      [`?updatedFrom=${mid}&currency=${currency}`, `${updatedDay} >= $1::date AND currency = $2`, [mid, currency], 'refund_all_shops_updated_deltas'],
    ];
    await expectCountsFrom(cases);
    // The money totals, alone and with the page, from the same log.
    for (const [query, where, values] of [
      [`?updatedFrom=${mid}&status=Refund,Accepted`, `${updatedDay} >= $1::date AND status IN ('Refund', 'Accepted')`, [mid]],
      [`?updatedFrom=${from}&updatedTo=${mid}`, `${updatedDay} BETWEEN $1::date AND $2::date`, [from, mid]],
    ] as [string, string, unknown[]][]) {
      statements.length = 0;
      const totals = await refundTotals(loadRefundSearch(query), ZONE);
      expect(totals.length, query).toBeGreaterThan(0);
      expect(totals, query).toEqual(await totalsFromRows(where, values));
      expectAnsweredBy('refund_all_shops_updated_deltas', query);
      expect((await searchRefunds(loadRefundSearch(query), ZONE)).totals, query).toEqual(totals);
    }
    // TikTok moves refunds on: new statuses and update times (the sync's writes), then a fold.
    await db.$executeRaw`UPDATE refunds SET status = 'Refund', marketplace_updated_at = marketplace_updated_at + interval '30 hours'
                          WHERE id IN (SELECT id FROM refunds WHERE status <> 'Refund' ORDER BY id LIMIT 40)`;
    await db.$executeRaw`UPDATE refunds SET marketplace_updated_at = marketplace_updated_at - interval '3 days' WHERE id IN (SELECT id FROM refunds ORDER BY id DESC LIMIT 15)`;
    await expectCountsFrom([cases[1]!, cases[2]!]);
    await compactAnalyticsRollups();
    await expectCountsFrom([cases[1]!, cases[3]!]);
    // Filters the log does not carry, or a bound with a time of day: the rows are counted.
    const rowsOnly: [string, string, unknown[]][] = [
      [`?updatedFrom=${mid}&account=${accountIds[1]}`, `${updatedDay} >= $1::date AND account_id = $2`, [mid, accountIds[1]]],
      [`?updatedFrom=${mid}&type=Refund`, `${updatedDay} >= $1::date AND type = 'Refund'`, [mid]],
      [
        `?updatedFrom=${mid}&createdFrom=${from}`,
        `${updatedDay} >= $1::date AND (marketplace_created_at AT TIME ZONE '${ZONE}')::date >= $2::date`,
        [mid, from],
      ],
      [`?updatedFrom=${mid}T12:00`, 'marketplace_updated_at >= $1', [localToInstant(`${mid}T12:00`, ZONE, false)]],
    ];
    for (const [query, where, values] of rowsOnly) {
      statements.length = 0;
      const counts = nonZero(await statusCounts(loadRefundSearch(query), ZONE));
      expect(Object.keys(counts).length, query).toBeGreaterThan(0);
      expect(counts, query).toEqual(await fromRows(where, values));
      expect(
        statements.some((text) => text.includes('refund_all_shops_updated_deltas')),
        query,
      ).toBe(false);
    }
    // Days in another zone than the log's: the rows.
    statements.length = 0;
    const utcDay = `(marketplace_updated_at AT TIME ZONE 'UTC')::date`;
    expect(nonZero(await statusCounts(loadRefundSearch(`?updatedFrom=${mid}`), 'UTC'))).toEqual(await fromRows(`${utcDay} >= $1::date`, [mid]));
    expect(statements.some((text) => text.includes('refund_all_shops_updated_deltas'))).toBe(false);
  });

  it("answers the grid's money totals from the same logs, exactly as the rows sum, and sums the rows when the log cannot tell", async () => {
    const { currency } = (await db.$queryRaw<{ currency: string }[]>`SELECT currency FROM refunds GROUP BY currency ORDER BY count(*) DESC LIMIT 1`)[0]!;
    const { from, to } = await storeDayRange();
    const day = `(marketplace_created_at AT TIME ZONE '${ZONE}')::date`;
    const cases: [string, string, unknown[], string][] = [
      ['', 'true', [], 'refund_all_shops_count_deltas'],
      ['?status=Refund,Accepted', `status IN ('Refund', 'Accepted')`, [], 'refund_all_shops_count_deltas'],
      [`?type=ReturnAndRefund&currency=${currency}`, `type = 'ReturnAndRefund' AND currency = $1`, [currency], 'refund_all_shops_count_deltas'],
      [`?account=${accountIds[1]}&status=Refund`, `account_id = $1 AND status = 'Refund'`, [accountIds[1]], 'refund_count_deltas'],
      [
        `?currency=${currency}&reasonGroup=sellerFault`,
        'currency = $1 AND lower(trim(reason)) = ANY($2::text[])',
        [currency, reasonKeysOf('sellerFault')],
        'refund_all_shops_month_deltas',
      ],
      [
        `?createdFrom=${from}&createdTo=${to}&account=${accountIds[0]}&status=Rejected`,
        `${day} BETWEEN $1::date AND $2::date AND account_id = $3 AND status = 'Rejected'`,
        [from, to, accountIds[0]],
        'refund_day_deltas',
      ],
    ];
    for (const [query, where, values, log] of cases) {
      statements.length = 0;
      const totals = await refundTotals(loadRefundSearch(query), ZONE);
      expect(totals.length, query).toBeGreaterThan(0);
      expect(totals, query).toEqual(await totalsFromRows(where, values));
      expectAnsweredBy(log, query);
      // The grid page reads them with its counts, in the same statement.
      statements.length = 0;
      expect((await searchRefunds(loadRefundSearch(query), ZONE)).totals, query).toEqual(totals);
      expect(
        statements.filter((text) => text.includes(`FROM ${log} `)),
        query,
      ).toHaveLength(1);
    }
    // Filters no log carries (an id keyword under a created range, with statuses picked): the rows
    // are summed, in the statement that counts them, once.
    const prefix = await orderIdPrefix();
    const byId = `?q=${prefix}&createdFrom=${from}&status=Refund,Rejected`;
    const idRows = `(marketplace_order_id LIKE $2 OR marketplace_refund_id LIKE $2) AND ${day} >= $1::date AND status IN ('Refund', 'Rejected')`;
    statements.length = 0;
    expect(await refundTotals(loadRefundSearch(byId), ZONE)).toEqual(await totalsFromRows(idRows, [from, `${prefix}%`]));
    expect(statements.some((text) => /refund_(all_shops_)?day_deltas/.test(text))).toBe(false);
    statements.length = 0;
    const page = await searchRefunds(loadRefundSearch(byId), ZONE);
    expect(page.totals).toEqual(await totalsFromRows(idRows, [from, `${prefix}%`]));
    expect(page.totals!.length).toBeGreaterThan(0);
    expect(statements.filter((text) => /FROM refunds\b/.test(text) && !/LIMIT/.test(text))).toHaveLength(1);
    // Refunds TikTok sent with a currency but no amount: the log holds 0 for them, the rows NULL
    // ("no amount"); a zero sum sends the question to the rows.
    await db.$executeRaw`UPDATE refunds SET currency = 'XTS', refund_amount = NULL WHERE id IN (SELECT id FROM refunds ORDER BY id LIMIT 3)`;
    statements.length = 0;
    const totals = await refundTotals(loadRefundSearch(''), ZONE);
    expect(totals.find((total) => total.currency === 'XTS')).toEqual({ currency: 'XTS', count: 3, amount: null });
    expect(totals).toEqual(await totalsFromRows('true', []));
    expect(statements.some((text) => /FROM refunds\b/.test(text))).toBe(true);
    expect((await searchRefunds(loadRefundSearch(''), ZONE)).totals).toBeNull();
  });
});
