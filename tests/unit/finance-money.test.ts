import { describe, expect, it } from 'vitest';
import { amount, statementSchema, statementTransactionSchema } from '@/server/tiktok/finance-schemas';
import { allocate, decimal, display, minorUnit, units } from '@/lib/money';

describe('money as exact decimals', () => {
  it('reads decimal strings into ten-thousandths and back, never through a float', () => {
    expect(units('-6.99')).toBe(-69900n);
    expect(units('269000')).toBe(2_690_000_000n);
    expect(units('0.1')).toBe(1000n);
    expect(units('')).toBe(0n);
    expect(units(null)).toBe(0n);
    // 0.1 + 0.2 is 0.3 here.
    expect(decimal(units('0.1') + units('0.2'))).toBe('0.3000');
    expect(decimal(-12n)).toBe('-0.0012');
    expect(() => units('1e3')).toThrow(/not a decimal/);
    expect(() => units('1.00001')).toThrow(/decimals/);
    expect(units('1.00000')).toBe(10000n);
  });

  it('shows an amount at its currency precision without hiding a digit', () => {
    expect(display(units('12.3'), 'USD')).toBe('12.30');
    expect(display(units('269000'), 'VND')).toBe('269000');
    expect(display(units('0.0012'), 'USD')).toBe('0.0012');
    expect(minorUnit('USD')).toBe(100n);
    expect(minorUnit('JPY')).toBe(10000n);
  });

  it('splits an amount in proportion, the parts adding up exactly', () => {
    expect(allocate(100n, [1n, 1n, 1n])).toEqual([33n, 33n, 34n]);
    expect(allocate(-1000n, [-300n, -700n])).toEqual([-300n, -700n]);
    expect(allocate(10n, [0n, 0n])).toEqual([5n, 5n]);
    expect(allocate(7n, [])).toEqual([]);
  });
});

describe('Finance payload parsing', () => {
  it('treats "" as absent, trims stray spaces, keeps the sign, and refuses what is not a number', () => {
    expect(amount.parse('')).toBeUndefined();
    expect(amount.parse('0 ')).toBe('0');
    expect(amount.parse('+1.50')).toBe('1.50');
    expect(amount.parse('-28.55')).toBe('-28.55');
    expect(amount.parse(null)).toBeUndefined();
    expect(amount.safeParse('12,30').success).toBe(false);
    expect(amount.safeParse(12.3).success).toBe(false);
  });

  it('requires string ids and Unix seconds, and nothing else', () => {
    const statement = { id: '7548011223344550101', statement_time: 1757635200, currency: 'USD', revenue_amount: '', payment_id: '' };
    expect(statementSchema.parse(statement)).toMatchObject({ revenue_amount: undefined, payment_id: undefined });
    // A JSON number id (it would already have lost digits past 2^53) is refused.
    expect(statementSchema.safeParse({ ...statement, id: 7548011223344550 }).success).toBe(false);
    expect(statementSchema.safeParse({ ...statement, statement_time: '1757635200' }).success).toBe(false);
    const line = statementTransactionSchema.parse({
      id: '1636700041413500013',
      type: 'SOMETHING_NEW',
      adjustment_order_id: '577012345678905678',
      settlement_amount: '18.00',
    });
    expect(line).toMatchObject({ type: 'SOMETHING_NEW', adjustment_order_id: '577012345678905678' });
    expect(line.order_id).toBeUndefined();
  });
});
