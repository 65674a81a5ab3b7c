import 'server-only';
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { Prisma } from '@/generated/prisma/client';
import { hasUnstorableText } from '@/lib/safe-text';
import { openSecret } from '@/server/crypto/secrets';
import { db } from '@/server/db';
import { signWebhook } from '@/server/tiktok/sign';
import type { RefreshRequest } from './refresh-job';

/**
 * TikTok's status-change webhooks (types 11 and 12, API doc 6.2, 6.3). Verification and dedupe
 * happen before anything else and before the answer (TikTok waits 3 seconds); the answer waits
 * only for the delivery to be recorded and a "refresh this refund" job to be queued
 * (./refresh-job.ts), which any worker then runs: it fetches the full record from TikTok (webhooks
 * carry status only) and upserts it.
 */

/** The most a notification may be off our clock (seconds), either way: older ones are replays or stale retries the sync covers. */
const WEBHOOK_MAX_AGE_SECONDS = 300;
/** TikTok's notifications are under 2 KB; anything past this is refused as read, not after (413). */
export const WEBHOOK_MAX_BYTES = 64 * 1024;

const envelopeSchema = z.looseObject({
  // Stored in an integer column: 2^31 and above are no type of TikTok's.
  type: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1),
  tts_notification_id: z.string().min(1).max(64),
  shop_id: z.string().regex(/^\d{1,32}$/),
  timestamp: z.number().int(),
  data: z.looseObject({ return_id: z.string().optional(), cancel_id: z.string().optional() }).optional(),
});

export type WebhookVerdict = { status: 200; eventId: number; refresh: RefreshRequest | null } | { status: 400 | 401 | 413; error: string };

function equalHex(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Checks the signature over the raw bytes and records the delivery once, if it is recent (its
 * `timestamp` within WEBHOOK_MAX_AGE_SECONDS of now). Changes nothing otherwise.
 */
export async function receiveWebhook(rawBody: string, authorization: string | null, now = Date.now()): Promise<WebhookVerdict> {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return { status: 400, error: 'INVALID_JSON' };
  }
  const parsed = envelopeSchema.safeParse(json);
  // U+0000 and lone surrogates: the jsonb payload column would refuse them.
  if (!parsed.success || hasUnstorableText(json)) return { status: 400, error: 'INVALID_PAYLOAD' };
  const envelope = parsed.data;
  const account = await db.shopAccount.findUnique({ where: { shopId: envelope.shop_id }, select: { id: true, appKey: true, appSecretEnc: true } });
  // Unknown shop and bad signature get the same answer: nothing tells a caller which it was.
  if (!account || !authorization) return { status: 401, error: 'UNAUTHORIZED' };
  const expected = signWebhook(account.appKey, openSecret(account.appSecretEnc), rawBody);
  if (!equalHex(authorization.trim().toLowerCase(), expected)) return { status: 401, error: 'UNAUTHORIZED' };
  if (Math.abs(now / 1000 - envelope.timestamp) > WEBHOOK_MAX_AGE_SECONDS) return { status: 400, error: 'STALE_NOTIFICATION' };

  const subjectId = envelope.type === 12 ? envelope.data?.return_id : envelope.type === 11 ? envelope.data?.cancel_id : undefined;
  const relevant = Boolean(subjectId);
  try {
    const event = await db.webhookEvent.create({
      data: {
        notificationId: envelope.tts_notification_id,
        type: envelope.type,
        shopId: envelope.shop_id,
        accountId: account.id,
        subjectId,
        outcome: relevant ? 'Received' : 'Ignored',
        payload: json as Prisma.InputJsonValue,
      },
    });
    const refresh: RefreshRequest | null = subjectId ? { accountId: account.id, kind: envelope.type === 12 ? 'Return' : 'Cancellation', id: subjectId } : null;
    return { status: 200, eventId: event.id, refresh };
  } catch (error) {
    // TikTok retries deliveries with the same notification id: the first one is the one we keep.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      const existing = await db.webhookEvent.findUniqueOrThrow({ where: { notificationId: envelope.tts_notification_id } });
      return { status: 200, eventId: existing.id, refresh: null };
    }
    throw error;
  }
}
