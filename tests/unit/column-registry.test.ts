import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { columnById, COLUMN_IDS, REFUND_COLUMNS, SORT_COLUMNS } from '@/features/refunds/columns';
import { exportColumnsFor } from '@/features/refunds/export';
import { loadRefundSearch } from '@/features/refunds/search-params';
import { columnName } from '@/server/sql';

describe('the refunds column registry', () => {
  it('sorts only on real columns of the refunds table', () => {
    const model = /^model Refund \{([^}]*)\}/m.exec(readFileSync('prisma/schema.prisma', 'utf8'))![1]!;
    const columns = new Set([...model.matchAll(/^ {2}(\w+)\s+\w+/gm)].map((m) => columnName(m[1]!)));
    for (const column of REFUND_COLUMNS) if ('sort' in column) expect(columns, column.id).toContain(column.sort.sql);
  });

  it('drives the URL contract: every sortable column sorts, anything else falls back to the default', () => {
    for (const id of SORT_COLUMNS) expect(loadRefundSearch(`sort=${id}`).sort).toBe(id);
    for (const id of COLUMN_IDS.filter((c) => !(SORT_COLUMNS as string[]).includes(c))) expect(loadRefundSearch(`sort=${id}`).sort).toBe('createdAt');
    expect(loadRefundSearch('sort=__proto__').sort).toBe('createdAt');
  });

  it("drives the export: visible columns in the user's order, the ids always, Currency after the first amount, unknown names ignored", () => {
    expect(exportColumnsFor(['amount', 'refundId'])).toEqual(['orderId', 'amount', 'currency', 'refundId']);
    expect(exportColumnsFor(['__proto__', 'constructor', 'status', 'status'])).toEqual([
      'refundId',
      'orderId',
      'status',
      'statusDetail',
      'decidedBy',
      'needsReview',
    ]);
    expect(exportColumnsFor(['adjustments', 'amount'])).toEqual([
      'refundId',
      'orderId',
      'partialOffer',
      'currency',
      'offerAnswer',
      'sellerDiscount',
      'platformDiscount',
      'shippingBuyerPaid',
      'shippingSellerPaid',
      'shippingPlatformPaid',
      'amount',
    ]);
    // The command line's default is the grid's default layout (columns hidden by default stay out).
    const defaults = exportColumnsFor(null);
    expect(defaults).toContain('currency');
    expect(defaults).not.toContain('partialOffer');
    expect(defaults).toHaveLength(REFUND_COLUMNS.filter((c) => c.id !== 'adjustments').reduce((n, c) => n + c.export.length, 0) + 1);
    expect(columnById('__proto__')).toBeUndefined();
  });
});
