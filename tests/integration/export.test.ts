import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportColumnsFor, exportCsv, exportFileName } from '@/features/refunds/export';
import { searchRefunds } from '@/features/refunds/queries';
import { loadRefundSearch } from '@/features/refunds/search-params';
import { db } from '@/server/db';
import { newSandboxProfile } from '@tools/tiktok-sandbox/profile';
import { seedDemo } from '@tools/factories/demo';
import { runScript } from '../support/cli';

async function csvOf(query: string, timeZone: string, columns: string[] | null | 'lines' = null): Promise<Record<string, string>[]> {
  const stream = await exportCsv(
    loadRefundSearch(query),
    timeZone,
    columns === 'lines' ? { kind: 'lines' } : { kind: 'refunds', columns: exportColumnsFor(columns) },
  );
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return parse(Buffer.concat(chunks).toString('utf8'), { columns: true, bom: true }) as Record<string, string>[];
}

describe('CSV export', () => {
  let dir: string;
  beforeAll(async () => {
    await seedDemo(db, newSandboxProfile({ seed: 'export', size: 450 }, 1_790_000_000), 'http://127.0.0.1:9');
    dir = await mkdtemp(path.join(os.tmpdir(), 'export-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it("holds every row matching the filter, in the grid's order, not just one page", async () => {
    const query = '?status=Refund,Rejected&sort=updatedAt&dir=asc&size=20';
    const rows = await csvOf(query, 'UTC');
    const grid = await searchRefunds({ ...loadRefundSearch(query), size: 200 }, 'UTC');
    expect(rows.length).toBe(grid.total);
    expect(rows.length).toBeGreaterThan(20);
    expect(rows.slice(0, grid.rows.length).map((r) => r['Marketplace Refund ID'])).toEqual(grid.rows.map((r) => r.refundId));
    expect(new Set(rows.map((r) => r.Status))).toEqual(new Set(['Refund', 'Rejected']));
  });

  it("writes the visible columns in the user's order, the ids always, amounts with their currency's minor units, dates with the store zone offset", async () => {
    const rows = await csvOf('?sort=createdAt&dir=desc', 'America/New_York', ['createdAt', 'amount', 'type']);
    expect(Object.keys(rows[0]!)).toEqual(['Marketplace Refund ID', 'Marketplace Order ID', 'Created At', 'Refund amount', 'Currency', 'Type']);
    const stored = await db.refund.findFirstOrThrow({ where: { marketplaceRefundId: rows[0]!['Marketplace Refund ID'] } });
    expect(rows[0]!['Refund amount']).toBe(stored.refundAmount!.toFixed(2));
    expect(rows[0]!.Currency).toBe(stored.currency);
    expect(rows[0]!['Created At']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}-0[45]:00$/);
    expect(new Date(rows[0]!['Created At']!).getTime()).toBe(stored.marketplaceCreatedAt.getTime() - stored.marketplaceCreatedAt.getMilliseconds());
  });

  it('matches exactly the grid for filters whose values hold quotes, backslashes and SQL, and changes nothing', async () => {
    // The export inlines filter values as quoted literals (COPY takes no bind parameters).
    const before = await db.refund.count();
    const target = await db.refund.findFirstOrThrow({ orderBy: { id: 'asc' } });
    const hostile = ["5'); DROP TABLE refunds; --", "a\\'b", '"{}\\"', `${target.marketplaceOrderId}' OR '1'='1`];
    for (const value of hostile) {
      for (const key of ['orderId', 'refundId', 'q']) {
        const query = `?${key}=${encodeURIComponent(value)}&sort=refundId`;
        const rows = await csvOf(query, 'UTC', ['refundId']);
        const grid = await searchRefunds({ ...loadRefundSearch(query), size: 200 }, 'UTC');
        expect(rows.length, `${key}=${value}`).toBe(grid.total);
        expect(rows.slice(0, grid.rows.length).map((r) => r['Marketplace Refund ID'])).toEqual(grid.rows.map((r) => r.refundId));
      }
    }
    expect((await csvOf(`?q=${encodeURIComponent(hostile[0]!)}`, 'UTC')).length).toBe(0);
    // A keyword resolves to stored reason labels, which reach the statement as an array literal:
    // one holding a quote, double quotes, a backslash and a comma must still match itself only.
    const odd = `It's a "bad", odd \\ case {x}`;
    await db.refund.update({ where: { id: target.id }, data: { reasonText: odd } });
    const matched = await csvOf(`?q=${encodeURIComponent('It\'s a "bad"')}`, 'UTC', ['refundId', 'reason']);
    expect(matched).toEqual([expect.objectContaining({ 'Marketplace Refund ID': target.marketplaceRefundId, Reason: odd })]);
    // Arrays, numbers and dates become literals too: several ids, accounts and a date range.
    const query = `?orderId=${encodeURIComponent(`${target.marketplaceOrderId}\n"x\\y'`)}&account=${target.accountId}&status=${target.status}&createdFrom=2000-01-01T00:00`;
    const rows = await csvOf(query, 'Asia/Tokyo', ['orderId']);
    expect(rows.map((r) => r['Marketplace Order ID'])).toEqual((await searchRefunds(loadRefundSearch(query), 'Asia/Tokyo')).rows.map((r) => r.orderId));
    expect(rows.map((r) => r['Marketplace Order ID'])).toContain(target.marketplaceOrderId);
    expect(await db.refund.count()).toBe(before);
  });

  it('reports the rows it wrote, and a download cut short as a failure that frees its connection', async () => {
    const whole = await new Promise<{ rows: number } | { error: unknown }>((resolve) => {
      void exportCsv(loadRefundSearch(''), 'UTC', { kind: 'refunds', columns: exportColumnsFor(null) }, resolve).then((stream) => stream.resume());
    });
    expect(whole).toEqual({ rows: await db.refund.count() });
    // More cut-off downloads than the export pool has connections: each must give its own back.
    for (let i = 0; i < 6; i++) {
      const outcome = new Promise<{ rows: number } | { error: unknown }>((resolve) => {
        void exportCsv(loadRefundSearch(''), 'UTC', { kind: 'refunds', columns: exportColumnsFor(null) }, resolve).then((stream) => {
          stream.once('data', () => stream.destroy());
        });
      });
      expect(await outcome).toHaveProperty('error');
    }
    expect((await csvOf('?size=20', 'UTC')).length).toBe(await db.refund.count());
  });

  it('keeps buyer text from running as a spreadsheet formula, ids and amounts untouched', async () => {
    const target = await db.refund.findFirstOrThrow({ where: { refundAmount: { not: null } }, orderBy: { id: 'asc' } });
    await db.refund.update({ where: { id: target.id }, data: { reasonText: '=HYPERLINK("http://evil.example","click")' } });
    const rows = await csvOf(`?refundId=${target.marketplaceRefundId}`, 'UTC', ['refundId', 'reason', 'amount']);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.Reason).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(rows[0]!['Marketplace Refund ID']).toBe(target.marketplaceRefundId);
    expect(rows[0]!['Refund amount']).toBe(target.refundAmount!.toFixed(2));
  });

  it('writes each amount with the minor units of its currency, never dropping a digit TikTok wrote', async () => {
    const targets = await db.refund.findMany({ where: { refundAmount: { not: null } }, orderBy: { id: 'asc' }, take: 4 });
    const cases = [
      ['JPY', '1500', '1500'],
      ['KWD', '1.25', '1.250'],
      ['USD', '12.3', '12.30'],
      ['USD', '12.345', '12.345'],
    ] as const;
    for (const [i, [currency, amount]] of cases.entries()) await db.refund.update({ where: { id: targets[i]!.id }, data: { currency, refundAmount: amount } });
    const rows = await csvOf(`?refundId=${targets.map((t) => t.marketplaceRefundId).join(',')}`, 'UTC', ['amount']);
    const byId = new Map(rows.map((r) => [r['Marketplace Refund ID'], r]));
    for (const [i, [currency, , written]] of cases.entries())
      expect(byId.get(targets[i]!.marketplaceRefundId)).toMatchObject({ 'Refund amount': written, Currency: currency });
  });

  it("exports TikTok's partial offer, discounts and return shipping split in the refund's currency, never mixing currencies", async () => {
    const [a, b] = await db.refund.findMany({ where: { refundAmount: { not: null }, currency: 'USD' }, orderBy: { id: 'asc' }, take: 2 });
    await db.refund.update({
      where: { id: a!.id },
      data: {
        amountDetails: {
          partialRefund: { amount: '5.00', currency: 'USD' },
          buyerRejectedPartialRefund: true,
          discounts: [
            { currency: 'USD', productSellerDiscount: '1.10', shippingFeeSellerDiscount: '0.20', productPlatformDiscount: '2.00' },
            { currency: 'USD', productSellerDiscount: '0.05' },
          ],
          shippingFees: [{ currency: 'USD', buyerPaid: '0', sellerPaid: '4.99' }],
        },
      },
    });
    // One entry in another currency: its figures are blank rather than a sum across currencies.
    await db.refund.update({
      where: { id: b!.id },
      data: {
        amountDetails: {
          discounts: [
            { currency: 'USD', productSellerDiscount: '1' },
            { currency: 'EUR', productSellerDiscount: '2' },
          ],
        },
      },
    });
    const rows = await csvOf(`?refundId=${a!.marketplaceRefundId},${b!.marketplaceRefundId}&sort=refundId&dir=asc`, 'UTC', ['refundId', 'adjustments']);
    const byId = new Map(rows.map((r) => [r['Marketplace Refund ID'], r]));
    expect(byId.get(a!.marketplaceRefundId)).toMatchObject({
      'Partial refund offered': '5.00',
      'Offer answer': 'declined',
      'Seller discount': '1.35',
      'Platform discount': '2.00',
      'Return shipping paid by buyer': '0.00',
      'Return shipping paid by seller': '4.99',
      Currency: 'USD',
    });
    expect(byId.get(b!.marketplaceRefundId)).toMatchObject({
      'Partial refund offered': '',
      'Offer answer': '',
      'Seller discount': '',
      'Platform discount': '',
    });
  });

  it('writes one row per refunded SKU: quantity and amount from its units, fees split exactly, refunds without lines whole', async () => {
    const [withLines, withoutLines] = await db.refund.findMany({ where: { currency: 'USD', refundAmount: { not: null } }, orderBy: { id: 'desc' }, take: 2 });
    await db.refund.update({
      where: { id: withLines!.id },
      data: {
        refundAmount: '25.55',
        lineItems: [
          { skuId: 'S1', sellerSku: 'TEE-RED-M', productName: 'Tee', amount: '10.00', currency: 'USD' },
          { skuId: 'S2', sellerSku: '=CMD()', productName: 'Cap', amount: '5.55', currency: 'USD' },
          { skuId: 'S1', sellerSku: 'TEE-RED-M', productName: 'Tee', amount: '10.00', currency: 'USD' },
        ],
      },
    });
    await db.refund.update({ where: { id: withoutLines!.id }, data: { lineItems: [] } });
    // The statement line TikTok settled the first refund with: fees that do not divide evenly.
    const statement = await db.financeStatement.create({
      data: { accountId: withLines!.accountId, statementId: 'ST-lines', statementTime: new Date(), currency: 'USD', raw: {} },
    });
    const line = await db.financeTransaction.create({
      data: { accountId: withLines!.accountId, statementRowId: statement.id, transactionId: 'TX-lines', type: 'ORDER', currency: 'USD', raw: {} },
    });
    await db.refundStatementMatch.create({
      data: {
        accountId: withLines!.accountId,
        refundId: withLines!.id,
        transactionRowId: line.id,
        role: 'Clawback',
        currency: 'USD',
        goodsAmount: '-25.55',
        customerShippingAmount: '0',
        referralFeeAmount: '2.55',
        adminFeeAmount: '-0.51',
        returnShippingAmount: '-1',
        platformDiscountAmount: '0',
        reimbursementAmount: '0',
        netAmount: '-24.51',
        exact: true,
      },
    });
    const rows = await csvOf(`?refundId=${withLines!.marketplaceRefundId},${withoutLines!.marketplaceRefundId}&sort=refundId&dir=desc`, 'UTC', 'lines');
    const mine = rows.filter((r) => r['Marketplace Refund ID'] === withLines!.marketplaceRefundId);
    expect(mine.map((r) => [r['SKU ID'], r['Seller SKU'], r.Quantity, r['Refund amount'], r.Currency])).toEqual([
      ['S1', 'TEE-RED-M', '2', '20.00', 'USD'],
      ['S2', "'=CMD()", '1', '5.55', 'USD'],
    ]);
    // Split in proportion to 20.00 : 5.55, the last row taking the remainder: the parts add up to the whole.
    const total = (header: string) => mine.reduce((sum, r) => sum + Math.round(Number(r[header]) * 10_000), 0) / 10_000;
    expect(total('Referral fee returned')).toBe(2.55);
    expect(total('Refund administration fee')).toBe(-0.51);
    expect(total('Return shipping fee')).toBe(-1);
    expect(mine[0]!['Referral fee returned']).toBe('1.996');
    const whole = rows.filter((r) => r['Marketplace Refund ID'] === withoutLines!.marketplaceRefundId);
    expect(whole).toEqual([
      expect.objectContaining({ 'SKU ID': '', Quantity: '', 'Refund amount': withoutLines!.refundAmount!.toFixed(2), 'Referral fee returned': '' }),
    ]);
  });

  it('names the file after accounts, dates and the time it was generated', () => {
    const names = new Map([[3, 'Casa Verde Home']]);
    const name = exportFileName(
      loadRefundSearch('?account=3&createdFrom=2026-11-01&createdTo=2026-11-30'),
      names,
      'Europe/Berlin',
      new Date('2026-12-01T08:05:00Z'),
    );
    expect(name).toBe('refunds_casa-verde-home_created-2026-11-01_to_2026-11-30_generated-2026-12-01T0905-europe-berlin.csv');
  });

  it("runs from the command line with the URL's filter names, and refuses a value the grid would ignore", async () => {
    const out = path.join(dir, 'report.csv');
    const { code, stdout } = await runScript('export.ts', ['--out', out, '--status', 'Pending', '--sort', 'amount']);
    expect(code).toBe(0);
    const rows = parse(await readFile(out, 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
    expect(stdout).toMatch(new RegExp(`^wrote ${rows.length} refund\\(s\\) to `));
    expect(rows.every((r) => r.Status === 'Pending')).toBe(true);
    const bad = await runScript('export.ts', ['--out', out, '--status', 'Paid']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error: --status Paid is not a valid value/);

    const lines = path.join(dir, 'lines.csv');
    const byLine = await runScript('export.ts', ['--out', lines, '--shape', 'lines', '--status', 'Pending']);
    expect(byLine.code).toBe(0);
    const lineRows = parse(await readFile(lines, 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
    expect(byLine.stdout).toMatch(new RegExp(`^wrote ${lineRows.length} refund line\\(s\\) to `));
    expect(new Set(lineRows.map((r) => r['Marketplace Refund ID']))).toEqual(new Set(rows.map((r) => r['Marketplace Refund ID'])));
    const shape = await runScript('export.ts', ['--out', lines, '--shape', 'skus']);
    expect(shape.code).toBe(1);
    expect(shape.stderr).toMatch(/^error: --shape skus is not a valid value: refunds or lines/);
  });
});
