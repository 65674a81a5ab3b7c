/**
 * Display formatting shared by the grid, the modal and the CSV export. Dates are shown in the
 * store's time zone with the zone named; money is formatted from its decimal string, never via a
 * float (Intl.NumberFormat formats numeric strings exactly).
 */

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(timeZone: string): Intl.DateTimeFormat {
  let format = dateTimeFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    dateTimeFormats.set(timeZone, format);
  }
  return format;
}

/** "2026-11-21 14:03 GMT+1": sortable, unambiguous, with its zone. */
export function formatDateTime(date: Date | string | null | undefined, timeZone: string): string {
  if (!date) return '';
  const parts = dateTimeFormat(timeZone).formatToParts(typeof date === 'string' ? new Date(date) : date);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')} ${get('timeZoneName')}`;
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** "$1,234.50" from ("1234.5", "USD"); unknown currency codes fall back to "1,234.50 XYZ". */
export function formatMoney(amount: string | null | undefined, currency: string | null | undefined): string {
  if (amount === null || amount === undefined || amount === '') return '';
  const code = currency ?? '';
  let format = moneyFormats.get(code);
  if (!format) {
    try {
      format = code
        ? new Intl.NumberFormat('en-US', { style: 'currency', currency: code, currencyDisplay: 'narrowSymbol' })
        : new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 });
    } catch {
      format = new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 });
    }
    moneyFormats.set(code, format);
  }
  // The string overload keeps every digit (ES2023 Intl.NumberFormat v3); a float could not.
  const text = format.format(amount as unknown as number);
  return format.resolvedOptions().style === 'currency' ? text : `${text} ${code}`.trim();
}

const codeFormats = new Map<string, Intl.NumberFormat>();

/** "USD 1,234.50" from ("1234.5", "USD"): the code, not a symbol, where several currencies stand side by side. */
export function formatMoneyCode(amount: string, currency: string): string {
  let format = codeFormats.get(currency);
  if (!format) {
    try {
      format = new Intl.NumberFormat('en-US', { style: 'currency', currency, currencyDisplay: 'code' });
    } catch {
      format = new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 });
    }
    codeFormats.set(currency, format);
  }
  const text = format.format(amount as unknown as number).replace(/\u00a0/g, ' ');
  return format.resolvedOptions().style === 'currency' ? text : `${currency} ${text}`;
}

/** "RETURN_OR_REFUND_REQUEST_PENDING" → "Return or refund request pending". */
export function humanizeEnum(value: string | null | undefined): string {
  if (!value) return '';
  const text = value.toLowerCase().replace(/_+/g, ' ').trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "1 page", "3 pages", "1,204 refunds" (English plurals with an "s"; pass `many` otherwise). */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}
