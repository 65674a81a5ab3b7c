import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { columnName, selectFields } from '@/server/sql';

describe('typed raw SQL rows', () => {
  it('relies on a schema where every field maps to its snake_case column', () => {
    const schema = readFileSync('prisma/schema.prisma', 'utf8');
    const models = [...schema.matchAll(/^model (\w+) \{([^}]*)\}/gm)];
    const modelNames = new Set(models.map((m) => m[1]));
    // Scalar and enum fields (relations name another model and have no column).
    const fields = models.flatMap((m) =>
      [...m[2]!.matchAll(/^ {2}(\w+)\s+(\w+)(?:\[\]|\?)?(.*)$/gm)]
        .filter((f) => !modelNames.has(f[2]))
        .map((f) => ({ name: f[1]!, map: /@map\("(\w+)"\)/.exec(f[3]!)?.[1] })),
    );
    expect(fields.length).toBeGreaterThan(100);
    const mismatched = fields.filter((f) => (f.map ?? f.name) !== columnName(f.name));
    expect(mismatched).toEqual([]);
  });

  it('selects columns under their Prisma field names', () => {
    expect(selectFields('Refund', ['id', 'marketplaceRefundId', 'needsReview'], 'r').text).toBe(
      'r.id, r.marketplace_refund_id AS "marketplaceRefundId", r.needs_review AS "needsReview"',
    );
  });
});
