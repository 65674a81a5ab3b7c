/**
 * PostgreSQL COPY text format (tab separated, `\N` for null): the fastest way in, and simple
 * enough to write by hand: only backslash, tab, newline and carriage return need escaping.
 */
function copyValue(value: string | number | boolean | Date | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  if (value instanceof Date) return value.toISOString();
  if (typeof value !== 'string') return String(value);
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : value;
}

export function copyLine(values: ReadonlyArray<string | number | boolean | Date | null | undefined>): string {
  return `${values.map(copyValue).join('\t')}\n`;
}
