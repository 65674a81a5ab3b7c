import { signWebhook } from '@/server/tiktok/sign';
import type { SandboxProfile } from './profile';
import type { Change } from './state';

/**
 * Pushes TikTok's status-change webhooks for changes the sandbox makes: type 12 for returns,
 * type 11 for cancellations (doc 6.2), signed as TikTok signs them: hex HMAC-SHA256 of
 * app_key + raw body under the app secret, in the `Authorization` header (doc 6.3).
 */
export class WebhookPusher {
  readonly deliveries: { notificationId: string; type: number; id: string; status: number | null; error?: string }[] = [];
  private counter = 0n;

  constructor(
    private readonly profile: SandboxProfile,
    public url: string | undefined,
    private readonly log: (line: string) => void,
  ) {}

  setUrl(url: string | undefined): void {
    this.url = url;
  }

  payload(change: Change): { type: number; body: string; notificationId: string } {
    this.counter += 1n;
    const notificationId = String(7327112393057371000n + BigInt(Date.now()) * 1000n + this.counter);
    const { request, step } = change;
    const shopId = change.request.shop.shopId;
    const data =
      request.kind === 'Return'
        ? {
            order_id: request.orderId,
            return_id: request.id,
            return_role: step.actor === 'OPERATOR' ? 'SYSTEM' : step.actor,
            return_type: request.type,
            return_status: step.status,
            create_time: request.createTime,
            update_time: step.at,
          }
        : {
            order_id: request.orderId,
            cancel_id: request.id,
            cancellations_role: step.actor === 'OPERATOR' ? 'SYSTEM' : step.actor,
            cancel_status: step.status,
            create_time: request.createTime,
          };
    const type = request.kind === 'Return' ? 12 : 11;
    const body = JSON.stringify({ type, tts_notification_id: notificationId, shop_id: shopId, timestamp: Math.floor(Date.now() / 1000), data });
    return { type, body, notificationId };
  }

  push(changes: Change[]): void {
    const url = this.url;
    if (!url) return;
    for (const change of changes) {
      const { type, body, notificationId } = this.payload(change);
      const delivery: (typeof this.deliveries)[number] = { notificationId, type, id: change.request.id, status: null };
      this.deliveries.push(delivery);
      if (this.deliveries.length > 1000) this.deliveries.shift();
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: signWebhook(this.profile.appKey, this.profile.appSecret, body) },
        body,
        signal: AbortSignal.timeout(5000),
      }).then(
        (response) => {
          delivery.status = response.status;
        },
        (error: unknown) => {
          delivery.error = error instanceof Error ? error.message : String(error);
          this.log(`webhook to ${url} failed: ${delivery.error}`);
        },
      );
    }
  }
}
