import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportColumnsFor, exportCsv } from '@/features/refunds/export';
import { searchRefunds } from '@/features/refunds/queries';
import { loadRefundSearch } from '@/features/refunds/search-params';
import { db } from '@/server/db';
import { newSandboxProfile } from '@tools/tiktok-sandbox/profile';
import { seedDemo } from '@tools/factories/demo';

/**
 * The grid filters the analytics page links to: each finds exactly the refunds the test's own SQL
 * finds, the status counts agree, and the CSV export (which inlines values as literals) holds the
 * same rows, including for an operator name with a quote in it.
 */

/** Every row the grid shows for the query, paging with its own cursors; and the total it states. */
async function grid(query: string): Promise<{ ids: string[]; total: number }> {
  const ids: string[] = [];
  let search = { ...loadRefundSearch(query), size: 200 as const };
  for (;;) {
    const page = await searchRefunds(search, 'UTC');
    ids.push(...page.rows.map((r) => r.refundId));
    if (!page.nextCursor) return { ids: ids.sort(), total: page.total };
    search = { ...loadRefundSearch(`${query}&page=${page.page + 1}&cursor=${page.nextCursor}`), size: 200 };
  }
}

const gridIds = async (query: string) => (await grid(query)).ids;

async function exportIds(query: string): Promise<string[]> {
  const stream = await exportCsv(loadRefundSearch(query), 'UTC', { kind: 'refunds', columns: exportColumnsFor(['refundId']) });
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  const rows = parse(Buffer.concat(chunks).toString('utf8'), { columns: true, bom: true }) as Record<string, string>[];
  return rows.map((r) => r['Marketplace Refund ID']!).sort();
}

async function sqlIds(where: string, values: unknown[] = []): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<{ id: string }[]>(`SELECT marketplace_refund_id AS id FROM refunds r WHERE ${where}`, ...values);
  return rows.map((r) => r.id).sort();
}

async function expectFilter(query: string, where: string, values: unknown[] = []) {
  const expected = await sqlIds(where, values);
  expect(expected.length, `${query} should match some rows`).toBeGreaterThan(0);
  const shown = await grid(query);
  expect(shown.ids, query).toEqual(expected);
  expect(shown.total, `${query}: the total above the grid`).toBe(expected.length);
  expect(await exportIds(query), `export ${query}`).toEqual(expected);
}

describe('grid filters for analytics links', () => {
  let ids: number[];
  beforeAll(async () => {
    const { accounts } = await seedDemo(db, newSandboxProfile({ seed: 'analytics-filters', size: 300, shopCount: 3 }, 1_790_000_000), 'http://127.0.0.1:9');
    expect(accounts.length).toBe(3);
    ids = (await db.refund.findMany({ orderBy: { id: 'asc' }, select: { id: true } })).map((r) => r.id);
    const decision = (refundId: number, actorLabel: string, kind: 'Approved' | 'Rejected', state: 'Applied' | 'Refused' = 'Applied') => ({
      refundId,
      action: kind === 'Approved' ? 'complete' : 'reject',
      kind,
      state,
      idempotencyKey: `${refundId}-${actorLabel}-${kind}-${state}`,
      actorLabel,
      marketplaceStatusBefore: 'RETURN_OR_REFUND_REQUEST_PENDING',
    });
    await db.refundDecision.createMany({
      data: [
        decision(ids[0]!, 'ana@store.test', 'Approved'),
        decision(ids[1]!, 'ana@store.test', 'Rejected'),
        decision(ids[2]!, "o'brien@store.test", 'Approved'),
        decision(ids[3]!, 'ana@store.test', 'Approved', 'Refused'),
      ],
    });
    const refunds = await db.refund.findMany({ where: { id: { in: ids.slice(10, 16) } } });
    await db.refundAnswer.createMany({
      data: refunds.map((r, i) => ({
        refundId: r.id,
        accountId: r.accountId,
        requestedAt: r.marketplaceCreatedAt,
        currency: r.currency ?? '',
        answeredAt: new Date(r.marketplaceCreatedAt.getTime() + 3_600_000),
        source: i % 2 ? 'Auto' : 'Seller',
        answerStatus: 'RETURN_OR_REFUND_REQUEST_SUCCESS',
      })),
    });
  });

  it('currency', async () => {
    const [row] = await db.$queryRaw<{ currency: string }[]>`SELECT currency FROM refunds WHERE currency IS NOT NULL ORDER BY id LIMIT 1`;
    await expectFilter(`?currency=${row!.currency.toLowerCase()}`, 'r.currency = $1', [row!.currency]);
  });

  it('reason key and reason group (unknown keys and no reason are other)', async () => {
    await db.refund.update({ where: { id: ids[20]! }, data: { reason: 'brand_new_reason_damaged' } });
    await db.refund.update({ where: { id: ids[21]! }, data: { reason: null } });
    await db.refund.update({ where: { id: ids[22]! }, data: { reason: 'ECOM_ORDER_DELIVERED_REFUND_AND_RETURN_REASON_DAMAGED' } });
    await expectFilter('?reason=ecom_order_delivered_refund_and_return_reason_damaged', `r.reason = 'ecom_order_delivered_refund_and_return_reason_damaged'`);
    const seller = `lower(r.reason) IN ('ecom_order_delivered_refund_and_return_reason_wrong_item', 'ecom_order_delivered_refund_and_return_reason_damaged',
      'ecom_order_delivered_refund_and_return_reason_defective', 'ecom_order_delivered_refund_and_return_reason_not_as_described',
      'ecom_order_delivered_refund_and_return_reason_missing_parts', 'ecom_order_delivered_refund_reason_counterfeit', 'seller_cancel_reason_out_of_stock')`;
    const remorse = `lower(r.reason) IN ('ecom_order_delivered_refund_and_return_reason_no_longer_needed', 'ecom_order_delivered_refund_and_return_reason_size_fit',
      'ecom_order_to_ship_cancel_reason_change_of_mind', 'ecom_order_to_ship_cancel_reason_better_price', 'ecom_order_to_ship_cancel_reason_wrong_address')`;
    await expectFilter('?reasonGroup=sellerFault', seller);
    await expectFilter('?reasonGroup=buyerRemorse', remorse);
    await expectFilter('?reasonGroup=other', `r.reason IS NULL OR NOT (${seller} OR ${remorse})`);
    await expectFilter('?reasonGroup=sellerFault,other', `r.reason IS NULL OR NOT (${remorse})`);
    expect(await gridIds('?reasonGroup=other')).toEqual(
      expect.arrayContaining((await db.refund.findMany({ where: { id: { in: [ids[20]!, ids[21]!] } } })).map((r) => r.marketplaceRefundId)),
    );
  });

  it('SKU, from the refunded units', async () => {
    const [row] = await db.$queryRaw<{ sku: string }[]>`
      SELECT li->>'skuId' AS sku FROM refunds, jsonb_array_elements(line_items) li WHERE li ? 'skuId' ORDER BY id LIMIT 1`;
    await expectFilter(`?sku=${row!.sku}`, `EXISTS (SELECT 1 FROM jsonb_array_elements(r.line_items) li WHERE li->>'skuId' = $1)`, [row!.sku]);
  });

  it('decided by and decision: applied decisions only, a quote in the name included', async () => {
    await expectFilter('?decidedBy=ana@store.test', `r.id IN ($1, $2)`, [ids[0], ids[1]]);
    await expectFilter('?decidedBy=ana@store.test&decision=Approved', `r.id = $1`, [ids[0]]);
    await expectFilter('?decision=Approved', `r.id IN ($1, $2)`, [ids[0], ids[2]]);
    await expectFilter(`?decidedBy=${encodeURIComponent("o'brien@store.test")}`, `r.id = $1`, [ids[2]]);
  });

  it('first answer', async () => {
    await expectFilter('?answer=Auto', `EXISTS (SELECT 1 FROM refund_answers a WHERE a.refund_id = r.id AND a.source = 'Auto')`);
    await expectFilter('?answer=Auto,Seller', `EXISTS (SELECT 1 FROM refund_answers a WHERE a.refund_id = r.id)`);
  });

  it('combines with the everyday filters', async () => {
    const target = await db.refund.findUniqueOrThrow({ where: { id: ids[0]! } });
    await expectFilter(`?decidedBy=ana@store.test&account=${target.accountId}&status=${target.status}`, 'r.id = $1', [ids[0]]);
  });
});
