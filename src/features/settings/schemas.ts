import { z } from 'zod';
import type { FieldLabels } from '@/lib/validation-messages';

/**
 * The Alerts settings form, as the browser posts it (every field a string), turned into what
 * `saveAlertSettings` takes. Secrets are write-only: an empty secret field keeps the saved one, the
 * "remove" box clears it.
 */

type Form = Record<string, string | undefined>;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** https anywhere; plain http only to this machine (a local relay or the test sink). */
const webhookUrl = z
  .string()
  .trim()
  .max(2000, 'The webhook URL must be at most 2000 characters.')
  .pipe(z.url({ protocol: /^https?$/, error: 'The webhook URL must be an http(s) URL, such as https://hooks.slack.com/services/….' }))
  // zod runs this even when the URL check above failed: parse defensively.
  .refine((url) => {
    if (!URL.canParse(url)) return true;
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || LOOPBACK.has(parsed.hostname);
  }, 'The webhook URL must use https (plain http only to localhost).');

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `The ${label} must be at most ${max} characters.`)
    .transform((v) => (v === '' ? null : v));

const host = z
  .string()
  .trim()
  .regex(/^$|^[A-Za-z0-9.-]{1,253}$|^\[[0-9A-Fa-f:]+\]$/, 'The mail server must be a host name such as smtp.example.com.')
  .transform((v) => (v === '' ? null : v));

const email = z.email({ error: 'Enter an email address such as name@example.com.' });

const recipients = z
  .string()
  .trim()
  .max(2000, 'Too many recipients: at most 20.')
  .transform((text) =>
    text
      .split(/[,;\s]+/)
      .map((v) => v.trim())
      .filter(Boolean),
  )
  .pipe(z.array(email, { error: 'Recipients must be email addresses, separated by commas.' }).max(20, 'At most 20 recipients.'));

const whole = (label: string, min: number, max: number) =>
  z.coerce
    .number({ error: `The ${label} must be a number.` })
    .int(`The ${label} must be a whole number.`)
    .min(min, `The ${label} must be at least ${min}.`)
    .max(max, `The ${label} must be at most ${max}.`);

export const alertSettingsSchema = z
  .object({
    deadlineEnabled: z.boolean(),
    // TikTok gives sellers 48 h (returns) to 7 days (some refunds) to answer; more than 168 h would alert on everything.
    deadlineHours: whole('deadline threshold', 1, 168),
    disagreementEnabled: z.boolean(),
    // One digest per channel at most this often: 5 minutes to a day.
    digestMinutes: whole('digest interval', 5, 1440),
    webhookUrl: z.union([z.undefined(), z.null(), webhookUrl]),
    smtpHost: host,
    smtpPort: z.union([z.literal('').transform(() => null), whole('port', 1, 65535)]),
    smtpSecure: z.boolean(),
    smtpUser: optionalText(320, 'user name'),
    smtpPassword: z.union([z.undefined(), z.null(), z.string().max(512, 'The password must be at most 512 characters.')]),
    emailFrom: z.union([z.literal('').transform(() => null), email]),
    emailTo: recipients,
  })
  .superRefine((value, ctx) => {
    const emailWanted = value.smtpHost !== null || value.emailTo.length > 0 || value.emailFrom !== null;
    if (!emailWanted) return;
    if (value.smtpHost === null) ctx.addIssue({ code: 'custom', path: ['smtpHost'], message: 'Enter the mail server to send email.' });
    if (value.emailFrom === null) ctx.addIssue({ code: 'custom', path: ['emailFrom'], message: 'Enter the sender to send email.' });
    if (value.emailTo.length === 0) ctx.addIssue({ code: 'custom', path: ['emailTo'], message: 'Enter at least one recipient to send email.' });
  });

/** How error sentences name the settings' fields (src/lib/validation-messages.ts). */
export const ALERT_FIELD_LABELS = {
  deadlineHours: 'the hours before the deadline',
  digestMinutes: 'the minutes between messages',
  webhookUrl: 'the webhook URL',
  smtpHost: 'the mail server',
  smtpPort: 'the port',
  smtpUser: 'the user name',
  smtpPassword: 'the password',
  emailFrom: 'the sender',
  emailTo: 'the recipients',
  channel: 'the webhook or email',
} as const satisfies FieldLabels;

/** Form fields → schema input: checkboxes are "on" or absent; a blank secret means "keep". */
export function alertSettingsFromForm(form: Form) {
  const secret = (name: string, removeName: string) => {
    if (form[removeName] === 'on') return null;
    const value = form[name];
    return value === undefined || value === '' ? undefined : value;
  };
  return {
    deadlineEnabled: form.deadlineEnabled === 'on',
    deadlineHours: form.deadlineHours ?? '',
    disagreementEnabled: form.disagreementEnabled === 'on',
    digestMinutes: form.digestMinutes ?? '',
    webhookUrl: secret('webhookUrl', 'removeWebhook'),
    smtpHost: form.smtpHost ?? '',
    smtpPort: (form.smtpPort ?? '').trim(),
    smtpSecure: form.smtpSecure === 'on',
    smtpUser: form.smtpUser ?? '',
    smtpPassword: secret('smtpPassword', 'removeSmtpPassword'),
    emailFrom: (form.emailFrom ?? '').trim(),
    emailTo: form.emailTo ?? '',
  };
}

export const testAlertSchema = z.object({ channel: z.enum(['webhook', 'email'], { error: 'Choose the webhook or email.' }) });
