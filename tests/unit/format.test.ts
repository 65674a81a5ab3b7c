import { describe, expect, it } from 'vitest';
import { formatDateTime, formatMoney, humanizeEnum } from '@/lib/format';

describe('formatting', () => {
  const instant = new Date('2026-03-29T00:30:00Z');

  it('shows times in the store zone with the zone named, not the machine zone', () => {
    expect(formatDateTime(instant, 'UTC')).toBe('2026-03-29 00:30 UTC');
    // Berlin switches to summer time at 01:00 UTC that day: 00:30 UTC is still CET (+1).
    expect(formatDateTime(instant, 'Europe/Berlin')).toBe('2026-03-29 01:30 GMT+1');
    expect(formatDateTime(new Date('2026-03-29T01:30:00Z'), 'Europe/Berlin')).toBe('2026-03-29 03:30 GMT+2');
    expect(formatDateTime(instant, 'Asia/Ho_Chi_Minh')).toBe('2026-03-29 07:30 GMT+7');
  });

  it('formats money from decimal strings without losing digits', () => {
    expect(formatMoney('12345678901234.99', 'USD')).toBe('$12,345,678,901,234.99');
    expect(formatMoney('0.10', 'GBP')).toBe('£0.10');
    expect(formatMoney('250000', 'VND')).toBe('₫250,000');
    expect(formatMoney('25.4', 'XTS')).toMatch(/25\.4/);
    expect(formatMoney(null, 'USD')).toBe('');
  });

  it('makes TikTok enum values readable', () => {
    expect(humanizeEnum('RETURN_OR_REFUND_REQUEST_PENDING')).toBe('Return or refund request pending');
    expect(humanizeEnum(undefined)).toBe('');
  });
});
