import { beforeAll, describe, expect, it } from 'vitest';
import { loadRefundSearch } from '@/features/refunds/search-params';
import { decodeCursor, searchRefunds, statusCounts } from '@/features/refunds/queries';
import { refundTotals } from '@/features/refunds/totals';
import { Prisma } from '@/generated/prisma/client';
import { db } from '@/server/db';
import { newSandboxProfile } from '@tools/tiktok-sandbox/profile';
import { createAccount } from '@tools/factories/accounts';
import { seedDemo } from '@tools/factories/demo';
import { insertRefunds, returnJson } from '@tools/factories/refunds';

const UTC = 'UTC';

async function allIds(query: string, timeZone = UTC): Promise<number[]> {
  const ids: number[] = [];
  let search = loadRefundSearch(query);
  for (;;) {
    const page = await searchRefunds(search, timeZone);
    ids.push(...page.rows.map((r) => r.id));
    if (!page.nextCursor) return ids;
    search = loadRefundSearch(`${query}&page=${page.page + 1}&cursor=${page.nextCursor}`);
  }
}

describe('refund grid queries', () => {
  let accountIds: number[];
  beforeAll(async () => {
    const { accounts } = await seedDemo(db, newSandboxProfile({ seed: 'grid-queries', size: 600 }, 1_790_000_000), 'http://127.0.0.1:9');
    accountIds = accounts.map((a) => a.id);
  });

  it('counts per status under the other filters, the same from the delta log as from the rows', async () => {
    const fromDeltas = await statusCounts(loadRefundSearch(`?account=${accountIds[0]!}`), UTC);
    const actual = await db.refund.groupBy({ by: ['status'], where: { accountId: accountIds[0] }, _count: true });
    for (const row of actual) expect(fromDeltas[row.status]).toBe(row._count);
    // A filter the deltas do not know is counted from the rows.
    const withKeyword = await statusCounts(loadRefundSearch('?q=damaged'), UTC);
    const byKeyword = await db.refund.groupBy({
      by: ['status'],
      where: { OR: [{ reasonText: { contains: 'damaged', mode: 'insensitive' } }, { reasonText: null, reason: { contains: 'damaged', mode: 'insensitive' } }] },
      _count: true,
    });
    expect(byKeyword.length).toBeGreaterThan(1);
    for (const row of byKeyword) expect(withKeyword[row.status]).toBe(row._count);
  });

  it('pages through every row exactly once with keyset cursors, in the requested order', async () => {
    const total = await db.refund.count();
    const ids = await allIds('?sort=updatedAt&dir=asc&size=50');
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
    const expected = (await db.refund.findMany({ orderBy: [{ marketplaceUpdatedAt: 'asc' }, { id: 'asc' }], select: { id: true } })).map((r) => r.id);
    expect(ids).toEqual(expected);
  });

  it('gives the same page through a cursor, an offset and from the far end', async () => {
    const search = (q: string) => loadRefundSearch(q);
    const page1 = await searchRefunds(search('?size=20'), UTC);
    const viaCursor = await searchRefunds(search(`?size=20&page=2&cursor=${page1.nextCursor}`), UTC);
    const viaOffset = await searchRefunds(search('?size=20&page=2'), UTC);
    expect(viaCursor.rows.map((r) => r.id)).toEqual(viaOffset.rows.map((r) => r.id));
    const back = await searchRefunds(search(`?size=20&page=1&cursor=${viaCursor.previousCursor}`), UTC);
    expect(back.rows.map((r) => r.id)).toEqual(page1.rows.map((r) => r.id));
    const last = await searchRefunds(search(`?size=20&page=${page1.pageCount}`), UTC);
    const expectedLast = await db.refund.findMany({
      orderBy: [{ marketplaceCreatedAt: 'desc' }, { id: 'desc' }],
      skip: (page1.pageCount - 1) * 20,
      select: { id: true },
    });
    expect(last.rows.map((r) => r.id)).toEqual(expectedLast.map((r) => r.id));
  });

  it('clamps a page past the end to the last page, and ignores a cursor of another sort', async () => {
    const page = await searchRefunds(loadRefundSearch('?page=99999&size=200'), UTC);
    expect(page.page).toBe(page.pageCount);
    expect(page.rows.length).toBeGreaterThan(0);
    const first = await searchRefunds(loadRefundSearch('?sort=createdAt'), UTC);
    expect(decodeCursor(first.nextCursor, 'updatedAt')).toBeNull();
  });

  it('ignores a cursor whose values SQL could not cast (a date of "1", ids of 2^31 and above, U+0000), showing the first page', async () => {
    const cursor = (value: unknown) => `a.${Buffer.from(JSON.stringify(value)).toString('base64url')}`;
    const first = await searchRefunds(loadRefundSearch('?size=20&sort=createdAt'), UTC);
    const hostile: [string, unknown][] = [
      ['createdAt', ['createdAt', '1', 5]],
      ['createdAt', ['createdAt', '2026-02-31T00:00:00.000Z', 5]],
      ['createdAt', ['createdAt', '2026-01-01T00:00:00.000Z', 2 ** 31]],
      ['createdAt', ['createdAt', '2026-01-01T00:00:00.000Z', 'x']],
      ['updatedAt', ['updatedAt', '0000-01-01T00:00:00.000Z', 1]],
      ['refundId', ['refundId', 'x\u0000', 5]],
      ['orderId', ['orderId', 'y'.repeat(250), 5]],
      ['account', ['account', 2 ** 40, 1]],
      ['account', ['account', '7', 1]],
      ['type', ['type', 'Bogus', 3]],
      ['status', ['status', 'Nope', 3]],
      ['createdAt', { createdAt: 1 }],
    ];
    for (const [sort, value] of hostile) {
      const page = await searchRefunds(loadRefundSearch(`?size=20&page=3&sort=${sort}&cursor=${cursor(value)}`), UTC);
      expect(page.page, JSON.stringify(value)).toBe(1);
      if (sort === 'createdAt') expect(page.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
    }
  });

  it('filters by each field, and by several at once', async () => {
    const sample = await db.refund.findFirstOrThrow({ where: { accountId: accountIds[1], status: 'Requested' } });
    const check = async (query: string, predicate: (r: Awaited<ReturnType<typeof db.refund.findFirstOrThrow>>) => boolean) => {
      const ids = await allIds(query);
      const expected = (await db.refund.findMany())
        .filter(predicate)
        .map((r) => r.id)
        .sort((a, b) => a - b);
      expect(
        ids.sort((a, b) => a - b),
        query,
      ).toEqual(expected);
      return ids;
    };
    await check(`?status=Requested,Pending`, (r) => ['Requested', 'Pending'].includes(r.status));
    await check(`?account=${accountIds[1]}`, (r) => r.accountId === accountIds[1]);
    await check(`?type=Replacement`, (r) => r.type === 'Replacement');
    await check(`?refundId=${sample.marketplaceRefundId}`, (r) => r.id === sample.id);
    await check(`?orderId=${sample.marketplaceOrderId.slice(0, 9)}*`, (r) => r.marketplaceOrderId.startsWith(sample.marketplaceOrderId.slice(0, 9)));
    await check(
      `?q=${sample.marketplaceRefundId.slice(0, 8)}`,
      (r) =>
        r.marketplaceRefundId.startsWith(sample.marketplaceRefundId.slice(0, 8)) || r.marketplaceOrderId.startsWith(sample.marketplaceRefundId.slice(0, 8)),
    );
    await check(`?q=wrong%20item`, (r) => /wrong item/i.test(r.reasonText ?? ''));
    await check(`?q=WRONG%20Item`, (r) => /wrong item/i.test(r.reasonText ?? ''));
    const created = sample.marketplaceCreatedAt.toISOString().slice(0, 10);
    const ids = await check(
      `?account=${accountIds[1]}&status=Requested&createdFrom=${created}&createdTo=${created}`,
      (r) => r.accountId === accountIds[1] && r.status === 'Requested' && r.marketplaceCreatedAt.toISOString().slice(0, 10) === created,
    );
    expect(ids).toContain(sample.id);
  });

  it("matches a keyword against the reason as shown (its text, else TikTok's key), literally", async () => {
    const account = await createAccount(db);
    const [keyOnly, percent, other] = await insertRefunds(db, account.id, [
      returnJson({ return_reason: 'ecom_order_delivered_reason_zz_keyonly', return_reason_text: undefined }),
      returnJson({ return_reason_text: 'Arrived 50% empty_box' }),
      returnJson({ return_reason_text: 'Arrived 50 percent emptybox' }),
    ]);
    expect(await allIds(`?account=${account.id}&q=zz_keyonly`)).toEqual([keyOnly!.id]);
    // % and _ are the user's characters, not wildcards.
    expect(await allIds(`?account=${account.id}&q=${encodeURIComponent('50% empty_')}`)).toEqual([percent!.id]);
    expect((await allIds(`?account=${account.id}&q=arrived`)).sort((a, b) => a - b)).toEqual([percent!.id, other!.id].sort((a, b) => a - b));
    const none = await searchRefunds(loadRefundSearch('?q=no%20such%20reason%20anywhere'), UTC);
    expect(none.total).toBe(0);
    expect(none.rows).toEqual([]);
  });

  it('reads date filters in the store zone, not UTC', async () => {
    const account = await createAccount(db);
    // 23:30 UTC on 20 Nov is 18:30 in New York (20 Nov) but 08:30 on 21 Nov in Tokyo.
    const [row] = await insertRefunds(db, account.id, [
      returnJson({ create_time: Date.UTC(2026, 10, 20, 23, 30) / 1000, update_time: Date.UTC(2026, 10, 20, 23, 30) / 1000 }),
    ]);
    const query = `?account=${account.id}&createdFrom=2026-11-20&createdTo=2026-11-20`;
    expect(await allIds(query, 'America/New_York')).toEqual([row!.id]);
    expect(await allIds(query, 'Asia/Tokyo')).toEqual([]);
    expect(await allIds(`?account=${account.id}&createdFrom=2026-11-21&createdTo=2026-11-21`, 'Asia/Tokyo')).toEqual([row!.id]);
    expect(await allIds(`?account=${account.id}&createdFrom=2026-11-20T23:30&createdTo=2026-11-20T23:30`, UTC)).toEqual([row!.id]);
  });

  it('totals the whole filtered set per currency, exactly, never across currencies', async () => {
    for (const query of ['', `?account=${accountIds[1]!}`, '?status=Refund,Accepted', '?q=damaged']) {
      const totals = await refundTotals(loadRefundSearch(query), UTC);
      const ids = await allIds(query);
      const rows = await db.refund.findMany({ where: { id: { in: ids } }, select: { currency: true, refundAmount: true } });
      const expected = new Map<string | null, { count: number; amount: Prisma.Decimal | null }>();
      for (const row of rows) {
        const seen = expected.get(row.currency) ?? { count: 0, amount: null };
        expected.set(row.currency, {
          count: seen.count + 1,
          amount: row.refundAmount === null ? seen.amount : (seen.amount ?? new Prisma.Decimal(0)).plus(row.refundAmount),
        });
      }
      expect(totals.length, query).toBe(expected.size);
      for (const total of totals) {
        const want = expected.get(total.currency)!;
        expect(total.count, `${query} ${total.currency}`).toBe(want.count);
        expect(total.amount === null ? null : new Prisma.Decimal(total.amount).toFixed(4), `${query} ${total.currency}`).toBe(want.amount?.toFixed(4) ?? null);
      }
      expect(new Set(totals.map((t) => t.currency)).size).toBeGreaterThan(query === '' ? 1 : 0);
    }
  });

  it('sorts on every sortable column with the requested direction', async () => {
    for (const sort of ['refundId', 'orderId', 'status', 'type', 'account', 'marketplaceStatus', 'amount', 'respondBy'] as const) {
      for (const dir of ['asc', 'desc'] as const) {
        const page = await searchRefunds(loadRefundSearch(`?sort=${sort}&dir=${dir}&size=200`), UTC);
        const values = page.rows.map(
          (r) =>
            ({
              refundId: r.refundId,
              orderId: r.orderId,
              status: r.status,
              type: r.type,
              account: r.accountId,
              marketplaceStatus: r.marketplaceStatus,
              // Amounts sort within their currency (currency first), never interleaving currencies.
              amount: r.amount === null ? null : ([r.currency ?? '', Number(r.amount)] as const),
              respondBy: r.respondBy,
            })[sort],
        );
        const present = values.filter((v) => v !== null);
        // Rows without a deadline or an amount come last in both directions.
        expect(
          values.slice(present.length).every((v) => v === null),
          `${sort} ${dir} nulls last`,
        ).toBe(true);
        const numeric = present;
        const enumOrder =
          sort === 'status'
            ? ['Requested', 'Pending', 'Accepted', 'Refund', 'Rejected']
            : sort === 'type'
              ? ['Refund', 'ReturnAndRefund', 'Replacement']
              : null;
        const keys = enumOrder ? numeric.map((v) => enumOrder.indexOf(String(v))) : numeric;
        const compare = (a: unknown, b: unknown): number =>
          Array.isArray(a) && Array.isArray(b) ? compare(a[0], b[0]) || compare(a[1], b[1]) : a! < b! ? -1 : a! > b! ? 1 : 0;
        const sorted = [...keys].sort(compare);
        expect(keys, `${sort} ${dir}`).toEqual(dir === 'asc' ? sorted : sorted.reverse());
      }
    }
  });
});
