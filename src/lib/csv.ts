/**
 * CSV text for files built in Node (small ones: the big refunds export is written by PostgreSQL's
 * COPY). Fields are quoted when they hold a comma, a quote or a line break; text a spreadsheet
 * would run as a formula (= + - @, or a tab / CR before one) gets a leading apostrophe, as the
 * refunds export does in SQL. Amounts are passed as `{ number }` so a negative one keeps its minus.
 */
export type CsvValue = string | number | null | undefined | { number: string | null };

function field(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? (value.number ?? '') : String(value);
  const safe = typeof value === 'string' && /^[=+@\t\r-]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(field).join(',')}\r\n`;
}
