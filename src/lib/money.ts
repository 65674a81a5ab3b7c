/**
 * Exact money arithmetic (reconciliation, partial refund offers, totals): decimal strings (TikTok's, or PostgreSQL numeric as pg
 * returns it) become integers of ten-thousandths, the scale of our numeric(18,4) columns, and go
 * back to strings. Never a float; never summed across currencies (every caller groups by currency).
 */

const SCALE = 4;
const ONE = 10n ** BigInt(SCALE);

/** Ten-thousandths of a currency unit. */
export type Units = bigint;

/** "-12.3" → -123000n; absent (null, undefined, "") → 0n. Throws on anything that is not a decimal. */
export function units(value: string | null | undefined): Units {
  if (value === null || value === undefined || value.trim() === '') return 0n;
  const match = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!match) throw new Error(`not a decimal amount: ${value}`);
  const fraction = (match[3] ?? '').padEnd(SCALE, '0');
  if (/[1-9]/.test(fraction.slice(SCALE))) throw new Error(`more than ${SCALE} decimals: ${value}`);
  const magnitude = BigInt(match[2]!) * ONE + BigInt(fraction.slice(0, SCALE));
  return match[1] === '-' ? -magnitude : magnitude;
}

/** -123000n → "-12.3000": what numeric(18,4) stores. */
export function decimal(value: Units): string {
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  return `${negative ? '-' : ''}${magnitude / ONE}.${String(magnitude % ONE).padStart(SCALE, '0')}`;
}

/**
 * Decimal places of a currency as TikTok writes it: none for VND and IDR (contract 1: integer
 * strings) and the ISO 4217 zero-decimal currencies, three for the ISO 4217 three-decimal ones,
 * two otherwise.
 */
export const ZERO_DECIMAL_CURRENCIES = ['VND', 'IDR', 'JPY', 'KRW', 'CLP', 'HUF', 'TWD', 'ISK', 'UGX', 'XAF', 'XOF', 'PYG'] as const;
export const THREE_DECIMAL_CURRENCIES = ['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND'] as const;
const ZERO: ReadonlySet<string> = new Set(ZERO_DECIMAL_CURRENCIES);
const THREE: ReadonlySet<string> = new Set(THREE_DECIMAL_CURRENCIES);

/** Decimal places TikTok writes for the currency (0 for VND, IDR, JPY…, 3 for KWD…, else 2). */
export const digitsOf = (currency: string | null | undefined): number => (!currency ? 2 : ZERO.has(currency) ? 0 : THREE.has(currency) ? 3 : 2);

/** The smallest amount of the currency TikTok writes (0.01, or 1 for VND/IDR/JPY), in ten-thousandths. */
export const minorUnit = (currency: string | null | undefined): Units => 10n ** BigInt(SCALE - digitsOf(currency));

/** -123000n, "USD" → "-12.30" for a sentence; the currency's own precision. */
export function display(value: Units, currency: string | null | undefined): string {
  const digits = digitsOf(currency);
  const text = decimal(value);
  const [whole, fraction = ''] = text.split('.');
  const extra = fraction.slice(digits);
  // Never hide a non-zero digit beyond the currency's precision.
  const shown = /[1-9]/.test(extra) ? fraction.replace(/0+$/, '') : fraction.slice(0, digits);
  return shown ? `${whole}.${shown}` : whole!;
}

export const sum = (values: Iterable<Units>): Units => {
  let total = 0n;
  for (const value of values) total += value;
  return total;
};

export const abs = (value: Units): Units => (value < 0n ? -value : value);

/**
 * Splits `total` over `weights` in proportion, exactly: the parts add up to `total` (the last
 * takes the rounding remainder). Equal weights when all are zero.
 */
export function allocate(total: Units, weights: Units[]): Units[] {
  if (weights.length === 0) return [];
  const sumOfWeights = sum(weights.map(abs));
  const shares = weights.map((weight) => (sumOfWeights === 0n ? total / BigInt(weights.length) : (total * abs(weight)) / sumOfWeights));
  shares[shares.length - 1]! += total - sum(shares);
  return shares;
}

/** Whether `value` is a plain decimal string ("12", "12.50"), the only shape an amount may have. */
export const isDecimal = (value: string): boolean => /^\d+(\.\d+)?$/.test(value);

/** The number of decimals written in a decimal string ("12.50" → 2). */
export const decimalsIn = (value: string): number => value.split('.')[1]?.length ?? 0;
