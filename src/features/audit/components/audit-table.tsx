import Link from 'next/link';
import { formatDateTime } from '@/lib/format';
import { detailLines } from '../details';
import { actionLabel, outcomeLabel, TARGET_TYPE_LABELS } from '../labels';
import type { AuditEntry } from '../queries';

const OUTCOME_CLASS: Record<string, string> = { ok: 'text-emerald-700', failed: 'text-rose-700', denied: 'text-amber-800' };

/**
 * The log as a table that fits a 1280 px laptop: fixed column widths, ids and times on one line,
 * details wrapping inside their own column (long emails and file names break anywhere rather than
 * push the table wider).
 */
export function AuditTable({ entries, timeZone }: { entries: AuditEntry[]; timeZone: string }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full min-w-[1100px] table-fixed text-sm" aria-label="Audit log">
        <colgroup>
          <col className="w-44" />
          <col className="w-52" />
          <col className="w-48" />
          <col className="w-64" />
          <col />
          <col className="w-24" />
        </colgroup>
        <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-600">
          <tr>
            {['When', 'Who', 'Action', 'Target', 'Details', 'Outcome'].map((header) => (
              <th key={header} scope="col" className="px-3 py-2">
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {entries.length === 0 ? (
            <tr>
              <td colSpan={6} className="px-3 py-6 text-center text-slate-600">
                Nothing matches these filters.
              </td>
            </tr>
          ) : null}
          {entries.map((entry) => (
            <tr key={entry.id} data-audit-action={entry.action} data-audit-id={entry.id} className="align-top">
              <th scope="row" className="px-3 py-1.5 text-left font-normal whitespace-nowrap tabular-nums">
                <time dateTime={entry.at.toISOString()}>{formatDateTime(entry.at, timeZone)}</time>
              </th>
              <td className="px-3 py-1.5 wrap-anywhere">
                {entry.actor}
                {entry.ipAddress ? <div className="text-xs text-slate-500">{entry.ipAddress}</div> : null}
              </td>
              <td className="px-3 py-1.5">
                <div className="font-medium">{actionLabel(entry.action)}</div>
                <div className="font-mono text-xs text-slate-500 wrap-anywhere">{entry.action}</div>
              </td>
              <td className="px-3 py-1.5">
                <Target entry={entry} />
              </td>
              <td className="px-3 py-1.5 text-xs text-slate-700">
                <ul className="space-y-0.5 wrap-anywhere">
                  {detailLines(entry.action, entry.details).map((line, index) => (
                    <li key={index}>{line}</li>
                  ))}
                </ul>
              </td>
              <td className={`px-3 py-1.5 ${OUTCOME_CLASS[entry.outcome] ?? ''}`}>{outcomeLabel(entry.outcome)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The target's kind, then its name or TikTok id on one line (a link where it has a page), then a second fact. */
function Target({ entry }: { entry: AuditEntry }) {
  const { target, targetType } = entry;
  if (!target || !targetType) return null;
  const kind = TARGET_TYPE_LABELS[targetType] ?? targetType;
  const name = (
    // A TikTok id stays on one line (it is copied and compared whole); a name wraps.
    <span className={`block ${targetType === 'refund' ? 'font-mono text-xs whitespace-nowrap' : 'wrap-anywhere'}`}>{target.label}</span>
  );
  return (
    <div>
      <div className="text-xs text-slate-500">{kind}</div>
      {target.href ? (
        <Link href={target.href} className="text-indigo-700 hover:underline" aria-label={`${kind} ${target.label}`}>
          {name}
        </Link>
      ) : (
        name
      )}
      {target.detail ? <div className="text-xs text-slate-500 wrap-anywhere">{target.detail}</div> : null}
    </div>
  );
}
