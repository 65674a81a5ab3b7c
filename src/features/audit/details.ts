import { DECISION_VERBS } from '@/lib/refund-decisions';

/**
 * An audit entry's details as lines a person reads ("Write-back: on → off", "App secret: changed",
 * "Decision: Approved on TikTok"), for the page and the CSV alike. The shapes are the ones the
 * audit() calls write (an old → new pair per changed field, counts for bulk actions, filters for
 * exports); a key or a shape not known here still reads as "Key: value" lines, never as JSON.
 */

/** Labels, in the order lines are shown (PostgreSQL's jsonb keeps keys sorted by length, not as written). */
const KEY_LABELS: Record<string, string> = {
  name: 'Name',
  appKey: 'App key',
  appSecret: 'App secret',
  serviceId: 'Service id',
  shopId: 'Shop id',
  shopCipher: 'Shop cipher',
  apiBaseUrl: 'API base URL',
  authBaseUrl: 'Auth base URL',
  writeBack: 'Write-back',
  accessToken: 'Access token',
  refreshToken: 'Refresh token',
  accessTokenExpiresAt: 'Access token expires',
  refreshTokenExpiresAt: 'Refresh token expires',
  environment: 'Environment',
  email: 'Email',
  role: 'Role',
  needed: 'Needs the role',
  reason: 'Reason',
  code: 'Reason',
  promoted: 'Made an existing user admin',
  decision: 'Decision',
  wroteBack: 'Sent to TikTok',
  rejectReason: 'Reject reason',
  note: 'Note',
  marketplaceStatus: 'TikTok status',
  status: 'Status here',
  rows: 'Rows',
  succeeded: 'Succeeded',
  refundIds: 'Refunds',
  filters: 'Filters',
  columns: 'Columns',
  filename: 'File',
  file: 'File',
  shape: 'Shape',
  shared: 'Shared with the team',
  channel: 'Channel',
  deadlineEnabled: 'Deadline alerts',
  deadlineHours: 'Hours before the deadline',
  disagreementEnabled: 'Disagreement alerts',
  digestMinutes: 'Minutes between messages',
  webhook: 'Webhook',
  smtpPassword: 'Mail server password',
  smtpHost: 'Mail server',
  emailTo: 'Recipients',
  joined: 'Joined a running sync',
  accountIds: 'Accounts asked',
  runAccountIds: 'Accounts synced',
};

/** Lists are cut here: a bulk decision records up to 200 refund ids. */
const LIST_LIMIT = 20;

/** `appSecret` → "App secret" for keys nobody labelled. */
const humanKey = (key: string) => {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_.]+/g, ' ')
    .trim()
    .toLowerCase();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : key;
};

const keyLabel = (key: string) => KEY_LABELS[key] ?? humanKey(key);

const KEY_ORDER = new Map(Object.keys(KEY_LABELS).map((key, index) => [key, index]));
/** Known keys in their reading order, then the others as stored. */
const byReadingOrder = ([a]: [string, unknown], [b]: [string, unknown]) => (KEY_ORDER.get(a) ?? Infinity) - (KEY_ORDER.get(b) ?? Infinity);

/** `TIKTOK_UNAVAILABLE` / `email_taken` → "TikTok unavailable" / "Email taken"; other text as written. */
function humanCode(text: string): string {
  if (!/^[A-Za-z0-9]+(_[A-Za-z0-9]+)+$|^[A-Z0-9]+$/.test(text)) return text;
  const words = text
    .toLowerCase()
    .replace(/_/g, ' ')
    .replace(/\btiktok\b/g, 'TikTok');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isChange = (value: unknown): value is { from: unknown; to: unknown } =>
  isRecord(value) && 'from' in value && 'to' in value && Object.keys(value).length === 2;

/** One value on one line: yes/no, "—" for nothing, lists cut, objects as "key=value" pairs. */
function valueText(key: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return key === 'wroteBack' ? 'no' : '—';
  if (typeof value === 'boolean') return key === 'writeBack' ? (value ? 'on' : 'off') : value ? 'yes' : 'no';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    // A decision records the TikTok call it sent (`approveReturn`), or null when it sent none.
    if (key === 'wroteBack') return `yes (${value.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase())})`;
    if (key === 'decision' && value in DECISION_VERBS) return DECISION_VERBS[value as keyof typeof DECISION_VERBS];
    return key === 'reason' || key === 'code' ? humanCode(value) : value;
  }
  if (Array.isArray(value)) {
    if (!value.length) return 'none';
    const shown = value.slice(0, LIST_LIMIT).map((item) => valueText('', item));
    return value.length > LIST_LIMIT ? `${shown.join(', ')} and ${value.length - LIST_LIMIT} more` : shown.join(', ');
  }
  if (isChange(value)) return `${valueText(key, value.from)} → ${valueText(key, value.to)}`;
  if (isRecord(value)) {
    const pairs = Object.entries(value).map(([k, v]) => `${k}=${valueText(k, v)}`);
    return pairs.length ? pairs.join(', ') : 'none';
  }
  return '—';
}

/** "12 refunds: 10 done, 2 not" for the bulk decisions. */
function bulkLines(details: Record<string, unknown>): string[] {
  const rows = Number(details.rows);
  const succeeded = Number(details.succeeded);
  const lines =
    Number.isFinite(rows) && Number.isFinite(succeeded) ? [`${rows} ${rows === 1 ? 'refund' : 'refunds'}: ${succeeded} done, ${rows - succeeded} not`] : [];
  const rest = Object.entries(details)
    .filter(([key]) => key !== 'rows' && key !== 'succeeded')
    .sort(byReadingOrder);
  return [...lines, ...rest.map(([key, value]) => `${keyLabel(key)}: ${valueText(key, value)}`)];
}

/** The lines for one entry's details; none when it has none. */
export function detailLines(action: string, details: unknown): string[] {
  if (details === null || details === undefined) return [];
  if (!isRecord(details)) return [valueText('', details)];
  if (action.endsWith('.bulk')) return bulkLines(details);
  // Account updates record `{ field: { from, to } | "changed" }`: one "Field: old → new" line each.
  return Object.entries(details)
    .filter(([, value]) => value !== undefined)
    .sort(byReadingOrder)
    .map(([key, value]) => `${keyLabel(key)}: ${valueText(key, value)}`);
}
