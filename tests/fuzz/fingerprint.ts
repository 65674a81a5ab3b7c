import type pg from 'pg';

/**
 * A cheap fingerprint of what the panel stores: one md5 per table over its rows. Refused inputs
 * must leave it unchanged. Left out: the audit log and the sign-in throttle (recording a refusal
 * is their job), sessions (signing in is not a change to the data) and the alert tables (the
 * minute scheduler writes them on its own).
 */
const TABLES = [
  'shop_accounts',
  'refunds',
  'refund_events',
  'refund_decisions',
  'sync_runs',
  'sync_run_accounts',
  'users',
  'user_credentials',
  'verifications',
  'embed_launch_nonces',
  'account_connect_states',
  'webhook_events',
  'grid_preferences',
  'saved_views',
  'alert_settings',
  'finance_statements',
  'finance_transactions',
  'finance_payments',
  'reconciliation_exceptions',
] as const;

export type Fingerprint = Record<(typeof TABLES)[number], string>;

export async function fingerprint(client: pg.Client): Promise<Fingerprint> {
  const parts = TABLES.map((table) => `(SELECT coalesce(md5(string_agg(md5(t::text), '' ORDER BY md5(t::text))), '') FROM ${table} t) AS ${table}`);
  const { rows } = await client.query<Fingerprint>(`SELECT ${parts.join(', ')}`);
  return rows[0]!;
}

/** Tables whose fingerprint differs. */
export function changedTables(before: Fingerprint, after: Fingerprint): string[] {
  return TABLES.filter((table) => before[table] !== after[table]);
}
