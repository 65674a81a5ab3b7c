import type { Metadata } from 'next';
import { AdminTable } from '@/components/ui/admin-table';
import { PageHeader } from '@/components/ui/page-header';
import { AlertSettingsForm, TestAlertButtons } from '@/features/settings/components/alert-settings-form';
import { formatDateTime } from '@/lib/format';
import { publicAlertSettings, recentAlertDeliveries } from '@/server/alerts/settings';
import { requirePageUser } from '@/server/auth/current-user';
import { env } from '@/server/config';

export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage() {
  await requirePageUser('admin');
  const [settings, deliveries] = await Promise.all([publicAlertSettings(), recentAlertDeliveries()]);
  const zone = env.STORE_TIMEZONE;
  const emailSet = Boolean(settings.smtpHost && settings.emailFrom && settings.emailTo.length > 0);
  return (
    <main>
      <PageHeader
        title="Settings"
        description="Alerts for requests TikTok is about to auto-approve and for decisions TikTok contradicts, sent as one digest per channel."
      />
      <section className="mb-6 rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="mb-3 text-base font-semibold">Alerts</h2>
        {settings.updatedAt ? (
          <p className="mb-4 text-xs text-slate-500">
            Last saved {formatDateTime(new Date(settings.updatedAt), zone)}
            {settings.updatedBy ? ` by ${settings.updatedBy}` : ''}.
          </p>
        ) : (
          <p className="mb-4 text-sm text-amber-800">Alerts are off until these settings are saved with a webhook or an email.</p>
        )}
        <AlertSettingsForm settings={settings} />
      </section>
      <section className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="mb-3 text-base font-semibold">Deliveries</h2>
        <div className="mb-4">
          <TestAlertButtons webhookSet={settings.webhookSet} emailSet={emailSet} />
        </div>
        <AdminTable
          label="Recent alert deliveries"
          headers={['When', 'Channel', 'Kind', 'Refunds', 'Outcome']}
          empty={deliveries.length === 0 ? 'Nothing sent yet.' : null}
        >
          {deliveries.map((delivery) => (
            <tr key={delivery.id}>
              <td className="px-3 py-2 text-xs whitespace-nowrap">{formatDateTime(new Date(delivery.startedAt), zone)}</td>
              <td className="px-3 py-2 text-sm">{delivery.channel === 'webhook' ? 'Webhook' : 'Email'}</td>
              <td className="px-3 py-2 text-sm">{delivery.purpose === 'test' ? 'Test' : 'Digest'}</td>
              <td className="px-3 py-2 text-sm tabular-nums">{delivery.purpose === 'test' ? '—' : delivery.itemCount}</td>
              <td className="px-3 py-2 text-sm">
                {delivery.outcome === 'sent' ? (
                  <span className="text-emerald-700">Sent</span>
                ) : delivery.outcome === 'failed' ? (
                  <span className="text-rose-700">Failed: {delivery.error}</span>
                ) : (
                  <span className="text-slate-600">Sending…</span>
                )}
              </td>
            </tr>
          ))}
        </AdminTable>
      </section>
    </main>
  );
}
