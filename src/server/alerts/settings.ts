import 'server-only';
import { openSecret, sealSecret } from '@/server/crypto/secrets';
import { db } from '@/server/db';

/**
 * Alert settings: one row (id 1), absent until an admin saves them (alerts off meanwhile). The
 * webhook URL (a Slack incoming-webhook URL is a credential) and the SMTP password are sealed like
 * the TikTok secrets; `publicAlertSettings` is all a page ever gets.
 */

const DEFAULT_ALERTS = { deadlineEnabled: true, deadlineHours: 12, disagreementEnabled: true, digestMinutes: 30 } as const;

export interface AlertSettingsInput {
  deadlineEnabled: boolean;
  deadlineHours: number;
  disagreementEnabled: boolean;
  digestMinutes: number;
  /** undefined: keep; null: remove. */
  webhookUrl?: string | null;
  smtpHost: string | null;
  smtpPort: number | null;
  smtpSecure: boolean;
  smtpUser: string | null;
  /** undefined: keep; null: remove. */
  smtpPassword?: string | null;
  emailFrom: string | null;
  emailTo: string[];
}

export async function saveAlertSettings(input: AlertSettingsInput, updatedBy: string): Promise<void> {
  const data = {
    deadlineEnabled: input.deadlineEnabled,
    deadlineHours: input.deadlineHours,
    disagreementEnabled: input.disagreementEnabled,
    digestMinutes: input.digestMinutes,
    smtpHost: input.smtpHost,
    smtpPort: input.smtpPort,
    smtpSecure: input.smtpSecure,
    smtpUser: input.smtpUser,
    emailFrom: input.emailFrom,
    emailTo: input.emailTo,
    updatedBy,
    ...(input.webhookUrl === undefined ? {} : { webhookUrlEnc: input.webhookUrl === null ? null : sealSecret(input.webhookUrl) }),
    ...(input.smtpPassword === undefined ? {} : { smtpPasswordEnc: input.smtpPassword === null ? null : sealSecret(input.smtpPassword) }),
  };
  await db.alertSettings.upsert({ where: { id: 1 }, create: { id: 1, ...data }, update: data });
}

/** Everything needed to send, secrets opened; null when alerts were never set up. */
export async function alertSettingsWithSecrets() {
  const row = await db.alertSettings.findUnique({ where: { id: 1 } });
  if (!row) return null;
  return {
    ...row,
    webhookUrl: row.webhookUrlEnc ? openSecret(row.webhookUrlEnc) : null,
    smtpPassword: row.smtpPasswordEnc ? openSecret(row.smtpPasswordEnc) : null,
  };
}

export type AlertSettingsWithSecrets = NonNullable<Awaited<ReturnType<typeof alertSettingsWithSecrets>>>;

/** What the Settings page may show: no secret, only whether one is set (and the webhook's host). */
export async function publicAlertSettings() {
  const row = await db.alertSettings.findUnique({ where: { id: 1 } });
  const webhookUrl = row?.webhookUrlEnc ? openSecret(row.webhookUrlEnc) : null;
  const webhookHost = webhookUrl && URL.canParse(webhookUrl) ? new URL(webhookUrl).host : null;
  return {
    deadlineEnabled: row?.deadlineEnabled ?? DEFAULT_ALERTS.deadlineEnabled,
    deadlineHours: row?.deadlineHours ?? DEFAULT_ALERTS.deadlineHours,
    disagreementEnabled: row?.disagreementEnabled ?? DEFAULT_ALERTS.disagreementEnabled,
    digestMinutes: row?.digestMinutes ?? DEFAULT_ALERTS.digestMinutes,
    webhookSet: Boolean(webhookUrl),
    webhookHost,
    smtpHost: row?.smtpHost ?? null,
    smtpPort: row?.smtpPort ?? null,
    smtpSecure: row?.smtpSecure ?? false,
    smtpUser: row?.smtpUser ?? null,
    smtpPasswordSet: Boolean(row?.smtpPasswordEnc),
    emailFrom: row?.emailFrom ?? null,
    emailTo: row?.emailTo ?? [],
    updatedAt: row?.updatedAt.toISOString() ?? null,
    updatedBy: row?.updatedBy ?? null,
  };
}

export type PublicAlertSettings = Awaited<ReturnType<typeof publicAlertSettings>>;

/** The last deliveries, newest first, for the Settings page (errors are one line, never a secret). */
export async function recentAlertDeliveries(take = 10) {
  const rows = await db.alertDelivery.findMany({ orderBy: { startedAt: 'desc' }, take });
  return rows.map((row) => ({
    id: row.id,
    channel: row.channel,
    purpose: row.purpose,
    startedAt: row.startedAt.toISOString(),
    outcome: row.outcome ?? 'sending',
    error: row.error,
    itemCount: row.itemCount,
  }));
}
