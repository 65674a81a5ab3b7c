import { formatDateTime } from '@/lib/format';

/**
 * TikTok's seller deadline as a countdown ("auto-approves in 5 h"), red when under the warning
 * threshold. `now` comes from the server render so server and browser agree on the text.
 */
function respondByText(deadline: string, now: number): { text: string; urgent: boolean; overdue: boolean; hours: number } {
  const ms = new Date(deadline).getTime() - now;
  const hours = ms / 3_600_000;
  if (ms <= 0) return { text: 'deadline passed', urgent: true, overdue: true, hours };
  const minutes = Math.round(ms / 60_000);
  // Precision where it matters: minutes in the last hours, whole hours beyond, days beyond two.
  const text =
    minutes < 60
      ? `${minutes} min`
      : hours < 10
        ? `${Math.floor(hours)} h ${minutes % 60} min`
        : hours < 48
          ? `${Math.floor(hours)} h`
          : `${Math.floor(hours / 24)} d ${Math.floor(hours % 24)} h`;
  return { text, urgent: false, overdue: false, hours };
}

export function RespondBy({
  deadline,
  now,
  warningHours,
  action,
  timeZone,
  compact = false,
}: {
  deadline: string | null;
  now: number;
  warningHours: number;
  action: string | null;
  timeZone: string;
  compact?: boolean;
}) {
  if (!deadline) return <span className="text-slate-500">—</span>;
  const { text, overdue, hours } = respondByText(deadline, now);
  const urgent = overdue || hours < warningHours;
  const what = action === 'SELLER_RESPOND_CANCEL' ? 'auto-accepts' : 'auto-approves';
  return (
    <span
      className={`whitespace-nowrap ${urgent ? 'font-semibold text-rose-700' : 'text-slate-800'}`}
      title={`TikTok ${what} if the seller does not respond by ${formatDateTime(deadline, timeZone)}`}
    >
      {overdue ? 'deadline passed' : text}
      {!overdue && !compact ? <span className="block text-xs font-normal text-slate-500">{what}</span> : null}
    </span>
  );
}
