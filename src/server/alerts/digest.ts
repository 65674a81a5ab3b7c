import 'server-only';
import { formatDateTime, humanizeEnum } from '@/lib/format';
import { appUrl, env } from '@/server/config';
import { db } from '@/server/db';
import { logError } from '@/server/log';
import { sendEmail, sendToWebhook, type AlertMessage, type ChannelResult } from './channels';
import { alertSettingsWithSecrets, type AlertSettingsWithSecrets } from './settings';

/**
 * Deadline and disagreement alerts. TikTok approves a request by itself when the seller does not
 * answer by its deadline (48 h, API doc 5.5): that is the first thing sellers ask to be warned of.
 * Each run (every minute, and after each sync) records what deserves an alert, once per (refund,
 * threshold, deadline) or (refund, flag), then sends one digest per channel at most every
 * `digestMinutes`. An item goes out once per channel; a channel that fails keeps its items for the
 * next run. One process at a time does this (a lease on the settings row). It runs as the `alerts`
 * job (src/server/jobs): every minute through pg-boss's cron, and after each sync run.
 */

export type Channel = 'webhook' | 'email';

/** Items named in full in one message; the rest are counted. */
const LISTED = 25;
const LEASE_SECONDS = 120;

interface Item {
  id: number;
  kind: string;
  refundRowId: number;
  refundId: string;
  accountName: string;
  respondBy: Date | null;
  sellerNextAction: string | null;
  marketplaceStatus: string;
  reviewNote: string | null;
}

async function takeLease(now: Date): Promise<boolean> {
  const taken = await db.$executeRaw`
    UPDATE alert_settings SET lease_until = ${new Date(now.getTime() + LEASE_SECONDS * 1000)}
     WHERE id = 1 AND (lease_until IS NULL OR lease_until < ${now})`;
  return taken === 1;
}

async function releaseLease(): Promise<void> {
  await db.alertSettings.updateMany({ where: { id: 1 }, data: { leaseUntil: null } });
}

/** Records new alert items; returns how many. Idempotent: an item exists once per its key. */
async function collect(settings: AlertSettingsWithSecrets, now: Date): Promise<number> {
  let added = 0;
  if (settings.deadlineEnabled) {
    // The key carries the threshold and the deadline: a new deadline on the same request (its
    // package now awaits the seller) is a new alert; the same one seen again is not.
    added += await db.$executeRaw`
      INSERT INTO alert_items (kind, refund_id, key)
      SELECT 'deadline', r.id, ${`${settings.deadlineHours}h:`} || to_char(r.respond_by AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
        FROM refunds r
       WHERE r.seller_next_action IS NOT NULL AND r.respond_by > ${now}
         AND r.respond_by <= ${new Date(now.getTime() + settings.deadlineHours * 3_600_000)} AND r.decision_claim_id IS NULL
      ON CONFLICT (kind, refund_id, key) DO NOTHING`;
  }
  if (settings.disagreementEnabled) {
    added += await db.$executeRaw`
      INSERT INTO alert_items (kind, refund_id, key)
      SELECT 'disagreement', r.id, to_char(r.review_flagged_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS')
        FROM refunds r
       WHERE r.needs_review AND r.review_flagged_at IS NOT NULL AND r.decision_kind IS NOT NULL
      ON CONFLICT (kind, refund_id, key) DO NOTHING`;
  }
  return added;
}

/** Unsent items of a channel that still hold: a deadline still ahead, a disagreement still flagged. */
async function pending(channel: Channel, now: Date): Promise<Item[]> {
  const column = channel === 'webhook' ? 'webhookDeliveryId' : 'emailDeliveryId';
  const rows = await db.alertItem.findMany({
    where: { [column]: null },
    include: {
      refund: {
        select: {
          id: true,
          marketplaceRefundId: true,
          respondBy: true,
          sellerNextAction: true,
          marketplaceStatus: true,
          needsReview: true,
          reviewNote: true,
          account: { select: { name: true } },
        },
      },
    },
    orderBy: { id: 'asc' },
  });
  return rows
    .filter((item) =>
      item.kind === 'deadline'
        ? item.refund.respondBy !== null && item.refund.respondBy > now && item.refund.sellerNextAction !== null
        : item.refund.needsReview,
    )
    .map((item) => ({
      id: item.id,
      kind: item.kind,
      refundRowId: item.refund.id,
      refundId: item.refund.marketplaceRefundId,
      accountName: item.refund.account.name,
      respondBy: item.refund.respondBy,
      sellerNextAction: item.refund.sellerNextAction,
      marketplaceStatus: item.refund.marketplaceStatus,
      reviewNote: item.refund.reviewNote,
    }));
}

function hoursLeft(deadline: Date, now: Date): string {
  const minutes = Math.max(0, Math.round((deadline.getTime() - now.getTime()) / 60_000));
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** The digest: deadlines first (soonest first), then disagreements, each with a link to its Refund Data. */
function composeDigest(items: Item[], settings: Pick<AlertSettingsWithSecrets, 'deadlineHours'>, now: Date): AlertMessage {
  const deadlines = items.filter((i) => i.kind === 'deadline').sort((a, b) => a.respondBy!.getTime() - b.respondBy!.getTime());
  const disagreements = items.filter((i) => i.kind === 'disagreement');
  const link = (item: Item) => `${appUrl()}/refunds?detail=${item.refundRowId}`;
  const heads: string[] = [];
  if (deadlines.length)
    heads.push(
      `${deadlines.length} request${deadlines.length === 1 ? '' : 's'} auto-approve${deadlines.length === 1 ? 's' : ''} within ${settings.deadlineHours} h`,
    );
  if (disagreements.length)
    heads.push(`${disagreements.length} decision${disagreements.length === 1 ? '' : 's'} here disagree${disagreements.length === 1 ? 's' : ''} with TikTok`);
  const lines = (markdown: boolean) => {
    const out: string[] = [];
    const name = (item: Item) => (markdown ? `<${link(item)}|${item.refundId}>` : item.refundId);
    if (deadlines.length) {
      out.push(markdown ? `*${heads[0]}* if nobody answers:` : `${heads[0]} if nobody answers:`);
      for (const item of deadlines.slice(0, LISTED)) {
        out.push(
          `• ${name(item)} (${item.accountName}): ${humanizeEnum(item.sellerNextAction)} by ${formatDateTime(item.respondBy, env.STORE_TIMEZONE)}, in ${hoursLeft(item.respondBy!, now)}${markdown ? '' : ` — ${link(item)}`}`,
        );
      }
      if (deadlines.length > LISTED) out.push(`…and ${deadlines.length - LISTED} more`);
    }
    if (disagreements.length) {
      out.push(markdown ? `*${heads.at(-1)}*:` : `${heads.at(-1)}:`);
      for (const item of disagreements.slice(0, LISTED))
        out.push(`• ${name(item)} (${item.accountName}): ${item.reviewNote ?? 'needs review'}${markdown ? '' : ` — ${link(item)}`}`);
      if (disagreements.length > LISTED) out.push(`…and ${disagreements.length - LISTED} more`);
    }
    return out.join('\n');
  };
  return {
    subject: `TikTok refunds: ${heads.join(', ')}`,
    text: lines(true),
    plain: `${lines(false)}\n\nOpen the refunds panel: ${appUrl()}/refunds?flag=awaitingSeller&sort=respondBy&dir=asc\n`,
  };
}

async function deliver(
  channel: Channel,
  purpose: 'digest' | 'test',
  send: () => Promise<ChannelResult>,
  itemIds: number[],
  now = new Date(),
): Promise<ChannelResult> {
  const delivery = await db.alertDelivery.create({ data: { channel, purpose, itemCount: itemIds.length, startedAt: now } });
  const result = await send();
  await db.$transaction([
    db.alertDelivery.update({
      where: { id: delivery.id },
      data: { finishedAt: new Date(), outcome: result.ok ? 'sent' : 'failed', error: result.ok ? null : result.error },
    }),
    ...(result.ok && itemIds.length
      ? [
          db.alertItem.updateMany({
            where: { id: { in: itemIds } },
            data: channel === 'webhook' ? { webhookDeliveryId: delivery.id } : { emailDeliveryId: delivery.id },
          }),
        ]
      : []),
  ]);
  if (!result.ok) logError('alerts.delivery_failed', { channel, purpose, error: result.error });
  return result;
}

export interface AlertRun {
  ran: boolean;
  collected: number;
  sent: Partial<Record<Channel, number>>;
  failed: Partial<Record<Channel, string>>;
}

/** One pass: collect, then send a digest on each channel that is due. `now` is for tests. */
export async function runAlerts(now = new Date()): Promise<AlertRun> {
  const settings = await alertSettingsWithSecrets();
  const run: AlertRun = { ran: false, collected: 0, sent: {}, failed: {} };
  if (!settings || !(await takeLease(now))) return run;
  run.ran = true;
  try {
    run.collected = await collect(settings, now);
    const channels: Channel[] = [
      ...(settings.webhookUrl ? (['webhook'] as const) : []),
      ...(settings.smtpHost && settings.emailTo.length ? (['email'] as const) : []),
    ];
    for (const channel of channels) {
      const last = await db.alertDelivery.findFirst({
        where: { channel, purpose: 'digest', outcome: 'sent' },
        orderBy: { startedAt: 'desc' },
        select: { startedAt: true },
      });
      if (last && now.getTime() - last.startedAt.getTime() < settings.digestMinutes * 60_000) continue;
      const items = await pending(channel, now);
      if (items.length === 0) continue;
      const message = composeDigest(items, settings, now);
      const send = () => (channel === 'webhook' ? sendToWebhook(settings.webhookUrl!, message) : sendEmail(settings, message));
      const result = await deliver(
        channel,
        'digest',
        send,
        items.map((i) => i.id),
        now,
      );
      if (result.ok) run.sent[channel] = items.length;
      else run.failed[channel] = result.error;
    }
  } finally {
    await releaseLease();
  }
  return run;
}

/** The Settings page's "Send test": one message on one channel, now, whatever the digest interval. */
export async function sendTestAlert(channel: Channel): Promise<ChannelResult> {
  const settings = await alertSettingsWithSecrets();
  if (!settings) return { ok: false, error: 'alerts are not set up yet: save the settings first' };
  const message: AlertMessage = {
    subject: 'TikTok refunds: test alert',
    text: `Test alert from the TikTok refunds panel (${appUrl()}): this channel works.`,
    plain: `Test alert from the TikTok refunds panel (${appUrl()}): this channel works.\n`,
  };
  if (channel === 'webhook') {
    if (!settings.webhookUrl) return { ok: false, error: 'no webhook URL is saved' };
    return deliver('webhook', 'test', () => sendToWebhook(settings.webhookUrl!, message), []);
  }
  return deliver('email', 'test', () => sendEmail(settings, message), []);
}
