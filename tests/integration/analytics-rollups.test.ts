import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideRefund } from '@/features/refunds/decide';
import { decisionContext } from '@/features/refunds/decision-context';
import { db } from '@/server/db';
import { compactAnalyticsRollups, ensureRollupZone, rollupZone } from '@/server/rollups';
import { upsertRefunds } from '@/server/sync/upsert';
import { createTransport } from '@/server/tiktok/http';
import { parseMarketplaceJson, returnJson } from '@tools/factories/refunds';
import { rollupsAndTruth } from '../support/analytics';
import { ana, bo, expectedOf, rowsIn } from '../support/decisions';
import { control, FAST_RETRIES } from '../support/sandbox';
import { connectAccounts, runSync, startFrozenSandbox, type TestSandbox } from '../support/sync';

/**
 * The analytics rollups are kept by triggers, whatever writes the tables: after every kind of
 * change below they must equal the test's own SQL over refunds, refund_answers and
 * refund_decisions, to the cent and per currency.
 */

let sandbox: TestSandbox;
const transport = () => createTransport(FAST_RETRIES);

async function expectExact(zone = 'UTC') {
  const { rollups, truth } = await rollupsAndTruth(zone);
  expect(rollups.day).toEqual(truth.day);
  expect(rollups.allShopsDay).toEqual(truth.allShopsDay);
  expect(rollups.allShopsMonth).toEqual(truth.allShopsMonth);
  expect(rollups.allShopsUpdated).toEqual(truth.allShopsUpdated);
  expect(rollups.sku).toEqual(truth.sku);
  expect(rollups.answers).toEqual(truth.answers);
  expect(rollups.decisions).toEqual(truth.decisions);
  expect(rollups.shopDay).toEqual(truth.shopDay);
  expect(rollups.shopMonth).toEqual(truth.shopMonth);
  expect(rollups.allShopsAnswers).toEqual(truth.allShopsAnswers);
  expect(rollups.allShopsAnswerMonths).toEqual(truth.allShopsAnswerMonths);
  expect(rollups.performanceMonths).toEqual(truth.performanceMonths);
  return truth;
}

beforeAll(async () => {
  sandbox = await startFrozenSandbox({ size: 400, shopCount: 2, seed: 'analytics' });
  await connectAccounts(sandbox);
  await db.shopAccount.updateMany({ data: { writeBack: true } });
}, 120_000);
afterAll(async () => sandbox.close());

describe('analytics rollups', () => {
  it('are built in UTC by the migration', async () => {
    expect(await rollupZone()).toBe('UTC');
  });

  it('equal the rows after a sandbox sync, in several currencies', async () => {
    await runSync();
    const truth = await expectExact();
    expect(truth.day.length).toBeGreaterThan(20);
    expect(new Set(truth.day.map((row) => row.currency)).size).toBeGreaterThan(1);
    expect(truth.sku.length).toBeGreaterThan(20);
  });

  it('equal the rows after TikTok moves requests on and new ones arrive', async () => {
    await control(sandbox, '/evolve', { advance: 60, arrive: 12 });
    await runSync();
    const truth = await expectExact();
    // Requests the first sync saw waiting for the seller and the second saw answered.
    expect(truth.answers.reduce((n, row) => n + row.answers, 0)).toBeGreaterThan(0);
  });

  it('equal the rows after decisions made here, counting each operator and kind once per refund', async () => {
    const waiting = await rowsIn('awaitingSeller', { type: 'Refund' });
    expect(waiting.length).toBeGreaterThanOrEqual(3);
    for (const [i, row] of waiting.slice(0, 3).entries()) {
      const action = i === 1 ? 'reject' : 'complete';
      const rejectReason = action === 'reject' ? (await decisionContext(row.id, 'reject', transport()))!.reasons[0]!.name : undefined;
      const result = await decideRefund(
        i === 2 ? bo : ana,
        { id: row.id, action, rejectReason, expected: await expectedOf(row.id), idempotencyKey: randomUUID() },
        transport(),
      );
      expect(result.ok, JSON.stringify(result)).toBe(true);
    }
    const truth = await expectExact();
    expect(truth.decisions.map((d) => d.actor).sort()).toEqual(expect.arrayContaining([ana.label, bo.label]));
    // The decisions answered requests TikTok was waiting on: answered from this panel.
    const answers = await db.refundAnswer.findMany({ where: { refundId: { in: waiting.slice(0, 3).map((r) => r.id) } } });
    expect(answers.map((a) => a.source)).toEqual(['Panel', 'Panel', 'Panel']);
  });

  it('equal the rows after webhook-style updates that change amounts, currencies and line items', async () => {
    const rows = await db.refund.findMany({ where: { kind: 'Return' }, orderBy: { id: 'asc' }, take: 4 });
    const changed = rows.map((row, i) => {
      const raw = row.raw as Record<string, unknown>;
      const later = Number(raw.update_time ?? 0) + 60;
      const lines = [
        {
          return_line_item_id: `x${i}a`,
          sku_id: 'SKU-WEBHOOK',
          seller_sku: 'WH-1',
          product_name: 'Webhook Mug',
          refund_amount: { currency: 'EUR', refund_total: '10.01' },
        },
        {
          return_line_item_id: `x${i}b`,
          sku_id: 'SKU-WEBHOOK',
          seller_sku: 'WH-1',
          product_name: 'Webhook Mug',
          refund_amount: { currency: 'EUR', refund_total: '0.02' },
        },
      ];
      return parseMarketplaceJson({
        ...raw,
        update_time: later,
        refund_amount: { currency: 'EUR', refund_total: `${100 + i}.03`, refund_subtotal: `${100 + i}.03` },
        return_line_items: lines,
      });
    });
    for (const [i, refund] of changed.entries()) await upsertRefunds(rows[i]!.accountId, [refund], { source: 'Webhook' });
    const truth = await expectExact();
    const webhookSku = truth.sku.filter((row) => row.sku === 'SKU-WEBHOOK');
    expect(webhookSku.reduce((n, row) => n + row.units, 0)).toBe(8);
    expect(webhookSku.every((row) => row.currency === 'EUR')).toBe(true);
  });

  it('equal the rows after direct writes: status, reason, type, reason text, creation time, currency and line items', async () => {
    await db.refund.updateMany({ where: { status: 'Requested', kind: 'Cancellation' }, data: { status: 'Rejected' } });
    // The day logs summed over shops key on the type and the reason label (the grid's type filter
    // and text keyword count from them): a change of either, or of the reason text alone, moves the
    // refund's key there.
    await db.$executeRaw`UPDATE refunds SET type = 'Replacement' WHERE id IN (SELECT id FROM refunds WHERE type = 'Refund' ORDER BY id LIMIT 3)`;
    await db.$executeRaw`UPDATE refunds SET reason_text = 'Arrived in pieces' WHERE id IN (SELECT id FROM refunds WHERE reason_text IS NOT NULL ORDER BY id DESC LIMIT 4)`;
    await db.refund.updateMany({
      where: { reason: { startsWith: 'ecom_order_delivered_refund_and_return_reason_d' } },
      data: { reason: 'ecom_unknown_reason_key' },
    });
    const decided = await db.refundDecision.findFirstOrThrow({ where: { state: 'Applied' }, select: { refundId: true } });
    const answered = await db.refundAnswer.findFirstOrThrow({ where: { refundId: { not: decided.refundId } }, select: { refundId: true } });
    // A refund with decisions and one with an answer move to another day and currency.
    await db.$executeRaw`UPDATE refunds SET marketplace_created_at = marketplace_created_at - interval '3 days', currency = 'JPY'
                          WHERE id IN (${decided.refundId}, ${answered.refundId})`;
    await db.$executeRaw`UPDATE refunds SET line_items = '[]'::jsonb WHERE id IN (SELECT id FROM refunds WHERE kind = 'Return' ORDER BY id DESC LIMIT 5)`;
    await db.$executeRaw`UPDATE refunds SET refund_amount = NULL WHERE id IN (SELECT id FROM refunds ORDER BY id LIMIT 3)`;
    await expectExact();
  });

  it("move a refund between days of the updated log when only TikTok's update time changes", async () => {
    const before = await db.refundAllShopsUpdatedDelta.count();
    // Nothing the other logs read changes: only the updated log gets rows (-1 on the old day, +1 on the new).
    const dayLogs = async () => (await db.refundDayDelta.count()) + (await db.refundAllShopsDayDelta.count()) + (await db.refundSkuDelta.count());
    const days = await dayLogs();
    await db.$executeRaw`UPDATE refunds SET marketplace_updated_at = marketplace_updated_at + interval '2 days' WHERE id IN (SELECT id FROM refunds ORDER BY id LIMIT 7)`;
    expect(await db.refundAllShopsUpdatedDelta.count()).toBeGreaterThan(before);
    expect(await dayLogs()).toBe(days);
    await expectExact();
  });

  it('log nothing for updates that change no column they read, and only the changed rows of a mixed update', async () => {
    const logs = async () =>
      (
        await db.$queryRaw<{ n: bigint }[]>`SELECT (SELECT count(*) FROM refund_day_deltas) + (SELECT count(*) FROM refund_sku_deltas)
          + (SELECT count(*) FROM refund_answer_deltas) + (SELECT count(*) FROM refund_decision_deltas) + (SELECT count(*) FROM refund_answers) AS n`
      )[0]!.n;
    const before = await logs();
    // Every refund rewritten with the same rollup columns (line items copied, status set to itself).
    await db.$executeRaw`UPDATE refunds SET raw = raw || '{"touched": true}', line_items = line_items, status = status, needs_review = needs_review`;
    expect(await logs()).toBe(before);
    // One statement where a single refund changes status among rows that do not.
    const some = await db.refund.findFirstOrThrow({ where: { status: { not: 'Rejected' } }, select: { id: true } });
    await db.$executeRaw`UPDATE refunds SET status = CASE WHEN id = ${some.id} THEN 'Rejected'::"RefundStatus" ELSE status END, version = version + 1`;
    expect(await logs()).toBeGreaterThan(before);
    await expectExact();
  });

  it('equal the rows after deletes, of refunds with answers and decisions too', async () => {
    const decided = await db.refundDecision.findMany({ where: { state: 'Applied' }, select: { refundId: true }, take: 1 });
    const answered = await db.refundAnswer.findMany({ select: { refundId: true }, take: 2 });
    const ids = [...decided, ...answered].map((r) => r.refundId);
    await db.refund.deleteMany({ where: { OR: [{ id: { in: ids } }, { status: 'Pending', type: 'Replacement' }] } });
    expect(await db.refund.count({ where: { id: { in: ids } } })).toBe(0);
    await expectExact();
  });

  it('stay equal through compaction, which folds the logs to one row per key', async () => {
    const before = await db.refundDayDelta.count();
    const folded = await compactAnalyticsRollups();
    expect(folded.find((log) => log.table === 'refund_day_deltas')!.folded).toBeGreaterThan(0);
    expect(await db.refundDayDelta.count()).toBeLessThan(before);
    await expectExact();
    const keys = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM (SELECT 1 FROM refund_day_deltas GROUP BY account_id, day, currency, status, reason HAVING count(*) > 1) dup`;
    expect(Number(keys[0]!.n)).toBe(0);
    // Nothing new: a second fold reads nothing (not even what the first one wrote back, which
    // after a backfill is every key), and one change later it reads that change's keys only.
    expect((await compactAnalyticsRollups()).map((log) => log.folded)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    await expectExact();
    const [row] = await db.refund.findMany({ orderBy: { id: 'asc' }, take: 1 });
    await db.$executeRaw`UPDATE refunds SET refund_amount = coalesce(refund_amount, 0) + 1 WHERE id = ${row!.id}`;
    const folds = await compactAnalyticsRollups();
    // The row's key: its folded row plus the two deltas (-old amount, +new), in each day log and in
    // the updated log; the all-shops logs got the deltas from the trigger, not from the day log's fold.
    for (const table of [
      'refund_day_deltas',
      'refund_all_shops_day_deltas',
      'refund_all_shops_month_deltas',
      'refund_all_shops_updated_deltas',
      'refund_shop_day_deltas',
      'refund_shop_month_deltas',
    ]) {
      const log = folds.find((fold) => fold.table === table)!;
      expect(log.folded, table).toBeGreaterThan(0);
      expect(log.folded, table).toBeLessThanOrEqual(3);
    }
    await expectExact();
  });

  it('are rebuilt in another store zone (a half-hour offset), and back', async () => {
    expect(await ensureRollupZone('Asia/Kolkata')).toEqual({ rebuilt: true, from: 'UTC' });
    expect(await ensureRollupZone('Asia/Kolkata')).toEqual({ rebuilt: false, from: 'Asia/Kolkata' });
    const kolkata = await expectExact('Asia/Kolkata');
    // A rebuild writes every log folded, the sums over shops too: nothing is left to fold (their
    // watermarks once stayed behind, and the next fold rewrote every key).
    expect((await compactAnalyticsRollups()).map((log) => [log.table, log.folded])).toEqual([
      ['refund_day_deltas', 0],
      ['refund_sku_deltas', 0],
      ['refund_answer_deltas', 0],
      ['refund_decision_deltas', 0],
      ['refund_all_shops_day_deltas', 0],
      ['refund_all_shops_month_deltas', 0],
      ['refund_all_shops_updated_deltas', 0],
      ['refund_shop_day_deltas', 0],
      ['refund_shop_month_deltas', 0],
      ['refund_all_shops_answer_deltas', 0],
      ['refund_all_shops_answer_month_deltas', 0],
      ['shop_performance_month_deltas', 0],
    ]);
    // Writes after the rebuild are counted in the new zone.
    await control(sandbox, '/evolve', { advance: 10, arrive: 5 });
    await runSync();
    await expectExact('Asia/Kolkata');
    await ensureRollupZone('UTC');
    const utc = await expectExact('UTC');
    expect(kolkata.day).not.toEqual(utc.day);
  });
});

describe('first answers (response time)', () => {
  const hour = 3600;
  const at = (seconds: number) => Math.floor(Date.now() / 1000) - 100 * hour + seconds;

  /** A return stored as TikTok first showed it, then the same return as TikTok shows it later. */
  async function answer(first: Record<string, unknown>, later: Record<string, unknown>) {
    const [account] = await db.shopAccount.findMany({ orderBy: { id: 'asc' }, take: 1 });
    const json = returnJson({ create_time: at(0), update_time: at(0), ...first });
    await upsertRefunds(account!.id, [parseMarketplaceJson(json)], { source: 'Sync' });
    await upsertRefunds(account!.id, [parseMarketplaceJson({ ...json, seller_next_action_response: undefined, ...later })], { source: 'Webhook' });
    const row = await db.refund.findFirstOrThrow({ where: { marketplaceRefundId: json.return_id as string }, include: { answer: true } });
    return row.answer;
  }
  const waiting = (deadline: number) => ({ seller_next_action_response: [{ action: 'SELLER_RESPOND_REFUND', deadline }] });

  it('is the seller in Seller Center when TikTok moves on before the deadline, with the hours to it', async () => {
    const found = await answer(waiting(at(48 * hour)), { return_status: 'RETURN_OR_REFUND_REQUEST_SUCCESS', update_time: at(3 * hour + 30) });
    expect(found).toMatchObject({ source: 'Seller', answerStatus: 'RETURN_OR_REFUND_REQUEST_SUCCESS' });
    expect(found!.answeredAt.getTime() - found!.requestedAt.getTime()).toBe((3 * hour + 30) * 1000);
  });

  it('is TikTok auto-approving when the approval comes at or after the deadline with no decision here', async () => {
    expect(await answer(waiting(at(48 * hour)), { return_status: 'RETURN_OR_REFUND_REQUEST_SUCCESS', update_time: at(48 * hour) })).toMatchObject({
      source: 'Auto',
    });
    // A return approved by TikTok waits for the buyer to ship.
    expect(
      await answer(waiting(at(48 * hour)), { return_type: 'RETURN_AND_REFUND', return_status: 'AWAITING_BUYER_SHIP', update_time: at(50 * hour) }),
    ).toMatchObject({ source: 'Auto' });
  });

  it('is the seller when the late move is a rejection, or when TikTok gave no deadline', async () => {
    expect(await answer(waiting(at(48 * hour)), { return_status: 'REFUND_OR_RETURN_REQUEST_REJECT', update_time: at(60 * hour) })).toMatchObject({
      source: 'Seller',
    });
    expect(
      await answer({ seller_next_action_response: undefined }, { return_status: 'RETURN_OR_REFUND_REQUEST_SUCCESS', update_time: at(60 * hour) }),
    ).toMatchObject({ source: 'Seller' });
  });

  it('is none when the buyer withdraws, or when the request was first seen already answered', async () => {
    expect(await answer(waiting(at(48 * hour)), { return_status: 'RETURN_OR_REFUND_REQUEST_CANCEL', update_time: at(2 * hour) })).toBeNull();
    expect(
      await answer(
        { return_status: 'RETURN_OR_REFUND_REQUEST_SUCCESS', seller_next_action_response: undefined },
        { return_status: 'RETURN_OR_REFUND_REQUEST_COMPLETE', update_time: at(9 * hour) },
      ),
    ).toBeNull();
  });

  it('matches the history: the first status change out of the waiting state in refund_events', async () => {
    const rows = await db.$queryRaw<{ refund_id: number; answered_at: Date; first_change: Date }[]>`
      SELECT a.refund_id, a.answered_at, (SELECT min(e.occurred_at) FROM refund_events e
                                            WHERE e.refund_id = a.refund_id AND e.action = 'status_changed'
                                              AND upper(e.from_marketplace_status) IN ('RETURN_OR_REFUND_REQUEST_PENDING', 'REPLACEMENT_REQUEST_PENDING', 'CANCELLATION_REQUEST_PENDING')) AS first_change
        FROM refund_answers a WHERE a.source <> 'Panel'`;
    expect(rows.length).toBeGreaterThan(5);
    for (const row of rows) expect(row.answered_at).toEqual(row.first_change);
    await expectExact();
  });
});
