import { formatMoney } from '@/lib/format';

/** An amount with its sign coloured (deductions red), right-aligned figures; "—" when absent. */
export function Money({ amount, currency, signed = false }: { amount: string | null; currency: string | null; signed?: boolean }) {
  if (amount === null) return <span className="text-slate-500">—</span>;
  const negative = amount.trim().startsWith('-');
  return <span className={`whitespace-nowrap tabular-nums ${signed && negative ? 'text-rose-700' : ''}`}>{formatMoney(amount, currency)}</span>;
}
