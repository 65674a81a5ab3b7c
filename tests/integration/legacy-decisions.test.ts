import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployMigrations, MIGRATIONS_DIR } from '@tools/database/migrations';

/**
 * Rows decided before decisions followed TikTok: the migration that lands them shows TikTok's own
 * status, keeps the operator's decision beside it, and flags every row where the two disagree, so
 * none stays silently wrong.
 */
const LANDING = 'decisions_true_to_tiktok';
let url: string;
let drop: () => Promise<void>;
let before: string;

async function sql<T extends object = Record<string, unknown>>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  const base = new URL(process.env.DATABASE_URL!);
  const name = `legacy_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: Object.assign(new URL(base), { pathname: '/postgres' }).toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  url = Object.assign(new URL(base), { pathname: `/${name}` }).toString();
  drop = async () => {
    const client = new pg.Client({ connectionString: Object.assign(new URL(base), { pathname: '/postgres' }).toString() });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.end();
  };
  // The migration history as it stood before this change.
  before = await mkdtemp(path.join(os.tmpdir(), 'migrations-'));
  for (const entry of await readdir(MIGRATIONS_DIR)) {
    if (entry.endsWith(LANDING)) break;
    await cp(path.join(MIGRATIONS_DIR, entry), path.join(before, entry), { recursive: true });
  }
  await deployMigrations(url, { migrationsDir: before });
});

afterAll(async () => {
  await drop();
  await rm(before, { recursive: true, force: true });
});

describe('decisions made by earlier versions', () => {
  it("show TikTok's status, keep the decision, and are flagged where TikTok disagrees", async () => {
    const [account] = await sql<{ id: number }>(
      `INSERT INTO shop_accounts (name, app_key, app_secret_enc, api_base_url, auth_base_url, updated_at) VALUES ('Legacy', 'k', 'v1.x', 'http://127.0.0.1:1', 'http://127.0.0.1:1', now()) RETURNING id`,
    );
    const insert = async (id: string, marketplaceStatus: string, status: string, source: string) => {
      const [row] = await sql<{ id: number }>(
        `INSERT INTO refunds (account_id, kind, marketplace_refund_id, marketplace_order_id, type, status, marketplace_status, status_source, status_set_by_user_id, status_set_at, marketplace_created_at, marketplace_updated_at, raw, last_synced_at, updated_at)
         VALUES ($1, 'Return', $2, 'o', 'ReturnAndRefund', $3, $4, $5, 'u1', '2026-11-20T10:00:00Z', now(), now(), '{}', now(), now()) RETURNING id`,
        [account!.id, id, status, marketplaceStatus, source],
      );
      await sql(
        `INSERT INTO refund_events (refund_id, source, occurred_at, actor_label, action) VALUES ($1, 'Admin', now(), 'ana@store.test', 'marked_completed')`,
        [row!.id],
      );
    };
    await insert('r-awaiting-ship', 'AWAITING_BUYER_SHIP', 'Refund', 'AdminCompleted');
    await insert('r-approved', 'RETURN_OR_REFUND_REQUEST_SUCCESS', 'Refund', 'AdminCompleted');
    await insert('r-pending', 'RETURN_OR_REFUND_REQUEST_PENDING', 'Rejected', 'AdminRejected');
    await insert('r-rejected', 'REFUND_OR_RETURN_REQUEST_REJECT', 'Rejected', 'AdminRejected');

    await deployMigrations(url);
    const rows = await sql<{
      marketplace_refund_id: string;
      status: string;
      status_source: string;
      decision_kind: string;
      decision_by: string;
      needs_review: boolean;
      review_note: string | null;
    }>('SELECT marketplace_refund_id, status, status_source, decision_kind, decision_by, needs_review, review_note FROM refunds ORDER BY id');
    expect(rows.map((r) => [r.marketplace_refund_id, r.status, r.status_source, r.decision_kind, r.needs_review])).toEqual([
      ['r-awaiting-ship', 'Pending', 'Marketplace', 'ConfirmedRefund', true],
      ['r-approved', 'Refund', 'AdminCompleted', 'ConfirmedRefund', false],
      ['r-pending', 'Requested', 'Marketplace', 'ConfirmedRejection', true],
      ['r-rejected', 'Rejected', 'AdminRejected', 'ConfirmedRejection', false],
    ]);
    expect(rows[0]!.decision_by).toBe('ana@store.test');
    expect(rows[0]!.review_note).toBe(
      'Marked Completed here by ana@store.test on 2026-11-20 10:00 UTC, but TikTok says Awaiting Buyer Ship (Pending). Shown as Pending until TikTok confirms.',
    );
  });
});
