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

  it('drives the export: visible columns in registry order, amount and currency always, unknown names ignored', () => {
    expect(exportColumnsFor(['amount', 'refundId'])).toEqual(['refundId', 'amount', 'currency']);
    expect(exportColumnsFor(['__proto__', 'constructor', 'status'])).toEqual(['status', 'statusDetail', 'decidedBy', 'needsReview', 'amount', 'currency']);
    expect(exportColumnsFor(null)).toHaveLength(REFUND_COLUMNS.reduce((n, c) => n + c.export.length, 0));
    expect(columnById('__proto__')).toBeUndefined();
  });
});
