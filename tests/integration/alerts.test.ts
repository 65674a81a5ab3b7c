import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAlerts, sendTestAlert } from '@/server/alerts/digest';
import { publicAlertSettings, saveAlertSettings } from '@/server/alerts/settings';
import { db } from '@/server/db';
import { createAccount } from '@tools/factories/accounts';
import { insertRefunds, returnJson } from '@tools/factories/refunds';
import { startHttpSink, startSmtpSink } from '../support/sinks';

/**
 * Deadline and disagreement alerts through a real local HTTP endpoint and a real local SMTP
 * server: one digest per channel, no item twice, at most one digest per interval, secrets sealed.
 */
let webhook: Awaited<ReturnType<typeof startHttpSink>>;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let accountId: number;
const T0 = new Date('2026-11-29T12:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const hours = (h: number) => Math.floor(T0.getTime() / 1000 + h * 3600);

async function refund(id: string, overrides: Record<string, unknown>) {
  const [row] = await insertRefunds(db, accountId, [returnJson({ return_id: id, ...overrides })], T0);
  return row!;
}

beforeAll(async () => {
  webhook = await startHttpSink();
  smtp = await startSmtpSink();
  accountId = (await createAccount(db, { name: 'Alerting shop' })).id;
  await saveAlertSettings(
    {
      deadlineEnabled: true,
      deadlineHours: 12,
      disagreementEnabled: true,
      digestMinutes: 30,
      webhookUrl: webhook.url,
      smtpHost: '127.0.0.1',
      smtpPort: smtp.port,
      smtpSecure: false,
      smtpUser: 'alerts',
      smtpPassword: 'smtp-pass-123',
      emailFrom: 'refunds@store.test',
      emailTo: ['finance@store.test', 'support@store.test'],
    },
    'admin@store.test',
  );
});

afterAll(async () => {
  await webhook.close();
  await smtp.close();
});

describe('deadline and disagreement alerts', () => {
  it('keeps the webhook URL and the SMTP password sealed, and shows a page only that they are set', async () => {
    const row = await db.alertSettings.findUniqueOrThrow({ where: { id: 1 } });
    expect(JSON.stringify(row)).not.toContain(webhook.url);
    expect(JSON.stringify(row)).not.toContain('smtp-pass-123');
    const shown = await publicAlertSettings();
    expect(shown).toMatchObject({ webhookSet: true, webhookHost: new URL(webhook.url).host, smtpPasswordSet: true });
    expect(JSON.stringify(shown)).not.toContain('smtp-pass-123');
    expect(JSON.stringify(shown)).not.toContain('/hooks/alerts');
  });

  it('sends one digest per channel for what auto-approves within the threshold and what disagrees, once', async () => {
    const next = [{ action: 'SELLER_RESPOND_REFUND', deadline: hours(3) }];
    await refund('4035000000000000001', { seller_next_action_response: next });
    await refund('4035000000000000002', { seller_next_action_response: [{ action: 'SELLER_RESPOND_RETURN', deadline: hours(11) }] });
    await refund('4035000000000000003', { seller_next_action_response: [{ action: 'SELLER_RESPOND_REFUND', deadline: hours(30) }] });
    const flagged = await refund('4035000000000000004', { return_status: 'REFUND_OR_RETURN_REQUEST_REJECT' });
    await db.refund.update({
      where: { id: flagged.id },
      data: {
        decisionKind: 'ConfirmedRefund',
        decisionBy: 'ana@store.test',
        needsReview: true,
        reviewNote: 'Refund confirmed here by ana, but TikTok now says rejected.',
        reviewFlaggedAt: T0,
      },
    });

    const first = await runAlerts(at(1));
    expect(first).toMatchObject({ ran: true, sent: { webhook: 3, email: 3 } });
    expect(webhook.requests).toHaveLength(1);
    const posted = JSON.parse(webhook.requests[0]!.body) as { text: string; blocks: unknown[] };
    expect(posted.text).toMatch(/^\*2 requests auto-approve within 12 h\* if nobody answers:/);
    expect(posted.text).toContain('4035000000000000001');
    expect(posted.text).toContain('4035000000000000002');
    expect(posted.text).not.toContain('4035000000000000003');
    expect(posted.text).toContain('*1 decision here disagrees with TikTok*');
    expect(posted.text).toMatch(/<http:\/\/[^|]+\/refunds\?detail=\d+\|4035000000000000001>/);
    expect(posted.blocks).toHaveLength(1);
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]).toMatchObject({
      from: 'refunds@store.test',
      to: ['finance@store.test', 'support@store.test'],
      subject: 'TikTok refunds: 2 requests auto-approve within 12 h, 1 decision here disagrees with TikTok',
    });
    expect(smtp.messages[0]!.text).toContain('Refund confirmed here by ana, but TikTok now says rejected.');

    // Nothing new: nothing sent, however often it runs.
    await runAlerts(at(40));
    expect(webhook.requests).toHaveLength(1);
    expect(smtp.messages).toHaveLength(1);
  });

  it('holds new items until the digest interval has passed, then sends only them', async () => {
    await refund('4035000000000000005', { seller_next_action_response: [{ action: 'SELLER_RESPOND_REFUND', deadline: hours(10) }] });
    // The last digest went at minute 1; at minute 20 the 30-minute interval has not passed.
    expect(await runAlerts(at(20))).toMatchObject({ collected: 1, sent: {} });
    expect(webhook.requests).toHaveLength(1);
    const later = await runAlerts(at(32));
    expect(later.sent).toEqual({ webhook: 1, email: 1 });
    expect(webhook.requests).toHaveLength(2);
    const posted = JSON.parse(webhook.requests[1]!.body) as { text: string };
    expect(posted.text).toMatch(/^\*1 request auto-approves within 12 h\*/);
    expect(posted.text).toContain('4035000000000000005');
    expect(posted.text).not.toContain('4035000000000000001');
  });

  it('keeps the items of a channel that failed, and sends them when it answers again', async () => {
    await refund('4035000000000000006', { seller_next_action_response: [{ action: 'SELLER_RESPOND_REFUND', deadline: hours(100) }] });
    await db.alertSettings.update({ where: { id: 1 }, data: { deadlineHours: 200 } });
    webhook.failNext(1);
    const failed = await runAlerts(at(70));
    expect(failed.failed.webhook).toBe('the webhook answered HTTP 500');
    expect(failed.sent.email).toBeGreaterThan(0);
    const delivery = await db.alertDelivery.findFirstOrThrow({ where: { channel: 'webhook' }, orderBy: { id: 'desc' } });
    expect(delivery).toMatchObject({ outcome: 'failed', error: 'the webhook answered HTTP 500' });
    const retried = await runAlerts(at(71));
    expect(retried.sent.webhook).toBe(failed.sent.email);
    expect(webhook.postedText(-1)).toContain('4035000000000000006');
  });

  it('sends a test on either channel on demand', async () => {
    expect(await sendTestAlert('webhook')).toEqual({ ok: true });
    expect(webhook.postedText(-1)).toMatch(/^Test alert from the TikTok refunds panel/);
    expect(await sendTestAlert('email')).toEqual({ ok: true });
    expect(smtp.messages.at(-1)!.subject).toBe('TikTok refunds: test alert');
  });
});
