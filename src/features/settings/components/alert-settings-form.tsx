'use client';

import { useState, useTransition } from 'react';
import { ActionStatus } from '@/components/ui/action-status';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { useFormAction } from '@/components/ui/use-form-action';
import type { ActionResult } from '@/lib/action-result';
import type { PublicAlertSettings } from '@/server/alerts/settings';
import { saveAlertSettingsAction, sendTestAlertAction } from '../actions';

/**
 * Alerts: when (deadline threshold, disagreements, digest interval) and where (a webhook, email).
 * Secrets are write-only: the page knows only whether one is saved.
 */
export function AlertSettingsForm({ settings }: { settings: PublicAlertSettings }) {
  const { state: result, onSubmit, pending } = useFormAction(saveAlertSettingsAction, null);
  const errors = result && !result.ok ? (result.fieldErrors ?? {}) : {};
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5" aria-label="Alert settings">
      <fieldset className="space-y-3">
        <legend className="mb-1 text-sm font-semibold text-slate-900">When to alert</legend>
        <div className="flex flex-wrap items-start gap-6">
          <label className="flex items-center gap-2 pt-7 text-sm">
            <input type="checkbox" name="deadlineEnabled" defaultChecked={settings.deadlineEnabled} /> Requests TikTok will auto-approve soon
          </label>
          <div className="w-56">
            <Field
              label="Alert this many hours before"
              name="deadlineHours"
              type="number"
              min={1}
              max={168}
              inputMode="numeric"
              defaultValue={settings.deadlineHours}
              error={errors.deadlineHours}
              hint="1 to 168 hours."
            />
          </div>
        </div>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="disagreementEnabled" defaultChecked={settings.disagreementEnabled} /> A decision made here that TikTok contradicts
          (flagged for review)
        </label>
        <div className="w-56">
          <Field
            label="At most one message every (minutes)"
            name="digestMinutes"
            type="number"
            min={5}
            max={1440}
            inputMode="numeric"
            defaultValue={settings.digestMinutes}
            error={errors.digestMinutes}
            hint="Alerts wait and go out together."
          />
        </div>
      </fieldset>

      <fieldset className="space-y-3">
        <legend className="mb-1 text-sm font-semibold text-slate-900">Webhook (Slack, Teams, Mattermost, or any JSON receiver)</legend>
        <div className="max-w-2xl">
          <Field
            label="Incoming webhook URL"
            name="webhookUrl"
            type="password"
            autoComplete="off"
            placeholder={settings.webhookSet ? `saved (${settings.webhookHost ?? 'set'}): leave blank to keep` : 'https://hooks.slack.com/services/…'}
            error={errors.webhookUrl}
            hint="Stored encrypted and never shown again; it posts { text } as JSON."
          />
        </div>
        {settings.webhookSet ? (
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="removeWebhook" /> Remove the saved webhook
          </label>
        ) : null}
      </fieldset>

      <fieldset className="space-y-3">
        <legend className="mb-1 text-sm font-semibold text-slate-900">Email</legend>
        <div className="grid max-w-4xl gap-3 sm:grid-cols-2 lg:grid-cols-4">
          <Field label="Mail server (SMTP)" name="smtpHost" autoComplete="off" defaultValue={settings.smtpHost ?? ''} error={errors.smtpHost} />
          <Field
            label="Port"
            name="smtpPort"
            type="number"
            min={1}
            max={65535}
            inputMode="numeric"
            defaultValue={settings.smtpPort ?? ''}
            error={errors.smtpPort}
            hint="587 (STARTTLS) or 465 (TLS)."
          />
          <Field label="User name" name="smtpUser" autoComplete="off" defaultValue={settings.smtpUser ?? ''} error={errors.smtpUser} />
          <Field
            label="Password"
            name="smtpPassword"
            type="password"
            autoComplete="new-password"
            placeholder={settings.smtpPasswordSet ? 'saved: leave blank to keep' : ''}
            error={errors.smtpPassword}
          />
        </div>
        <div className="flex flex-wrap gap-4 text-sm">
          <label className="flex items-center gap-2">
            <input type="checkbox" name="smtpSecure" defaultChecked={settings.smtpSecure} /> Implicit TLS (port 465)
          </label>
          {settings.smtpPasswordSet ? (
            <label className="flex items-center gap-2">
              <input type="checkbox" name="removeSmtpPassword" /> Remove the saved password
            </label>
          ) : null}
        </div>
        <div className="grid max-w-4xl gap-3 sm:grid-cols-2">
          <Field label="From" name="emailFrom" type="email" defaultValue={settings.emailFrom ?? ''} error={errors.emailFrom} />
          <Field label="To" name="emailTo" defaultValue={settings.emailTo.join(', ')} error={errors.emailTo} hint="Addresses separated by commas (up to 20)." />
        </div>
      </fieldset>

      <div className="flex items-center gap-3">
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? 'Saving…' : 'Save alert settings'}
        </Button>
        <ActionStatus result={result} success="Alert settings saved." />
      </div>
    </form>
  );
}

/** Sends one test message on a channel, with the saved settings. */
export function TestAlertButtons({ webhookSet, emailSet }: { webhookSet: boolean; emailSet: boolean }) {
  const [result, setResult] = useState<ActionResult | null>(null);
  const [pending, startTransition] = useTransition();
  const send = (channel: 'webhook' | 'email') => startTransition(async () => setResult(await sendTestAlertAction({ channel })));
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button type="button" disabled={pending || !webhookSet} onClick={() => send('webhook')}>
        Send a test to the webhook
      </Button>
      <Button type="button" disabled={pending || !emailSet} onClick={() => send('email')}>
        Send a test email
      </Button>
      <ActionStatus result={result} success="Test sent." />
    </div>
  );
}
