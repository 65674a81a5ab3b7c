import 'server-only';
import nodemailer from 'nodemailer';
import type { AlertSettingsWithSecrets } from './settings';

/**
 * The two ways an alert leaves: an HTTP POST of Slack-compatible incoming-webhook JSON (Slack,
 * Mattermost, Teams workflows, or anything that takes `{ text }`), and an email over SMTP
 * (nodemailer). Both answer with what went wrong in one line, never with a secret.
 */

export interface AlertMessage {
  subject: string;
  /** Plain text, also Slack mrkdwn (links as <url|label>). */
  text: string;
  /** The same as plain text for email. */
  plain: string;
}

export type ChannelResult = { ok: true } | { ok: false; error: string };

const TIMEOUT_MS = 10_000;

export async function sendToWebhook(url: string, message: AlertMessage): Promise<ChannelResult> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: message.text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: message.text.slice(0, 2900) } }] }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'error',
    });
    // The body is not read: a Slack webhook answers "ok", others vary; the status says it all.
    await response.body?.cancel();
    return response.ok ? { ok: true } : { ok: false, error: `the webhook answered HTTP ${response.status}` };
  } catch (error) {
    const name = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.name) : 'error';
    return { ok: false, error: `the webhook could not be reached (${name.replace(/https?:\/\/\S+/g, '[url]')})` };
  }
}

export async function sendEmail(settings: AlertSettingsWithSecrets, message: AlertMessage): Promise<ChannelResult> {
  if (!settings.smtpHost || !settings.emailFrom || settings.emailTo.length === 0)
    return { ok: false, error: 'email is not fully set up (server, sender and recipients are needed)' };
  const transport = nodemailer.createTransport({
    host: settings.smtpHost,
    port: settings.smtpPort ?? (settings.smtpSecure ? 465 : 587),
    secure: settings.smtpSecure,
    auth: settings.smtpUser ? { user: settings.smtpUser, pass: settings.smtpPassword ?? '' } : undefined,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  });
  try {
    await transport.sendMail({ from: settings.emailFrom, to: settings.emailTo, subject: message.subject, text: message.plain });
    return { ok: true };
  } catch (error) {
    const code = (error as { code?: string; responseCode?: number }).responseCode ?? (error as { code?: string }).code ?? 'error';
    return { ok: false, error: `the mail server refused or could not be reached (${code})` };
  } finally {
    transport.close();
  }
}
