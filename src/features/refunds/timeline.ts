/**
 * The Refund Data timeline: one line per real change. A change TikTok made reaches us up to three
 * ways (TikTok's own record of it, the status change our sync or webhook stored, the webhook
 * delivery that told us); they are one line, "what TikTok did", with how and when we learned it.
 * Decisions made here and reviews are lines of their own. Pure, so it is tested on its own.
 */

export interface TikTokRecordInput {
  at: Date;
  role?: string;
  description?: string;
  reasonText?: string;
  note?: string;
}

export interface EventInput {
  occurredAt: Date;
  recordedAt: Date;
  source: 'Sync' | 'Webhook' | 'Admin' | 'Marketplace';
  action: string;
  actorLabel: string;
  fromStatus: string | null;
  toStatus: string | null;
  fromMarketplaceStatus: string | null;
  toMarketplaceStatus: string | null;
  note: string | null;
}

export interface DeliveryInput {
  receivedAt: Date;
  type: number;
  outcome: string;
  error: string | null;
}

export interface TimelineEntry {
  at: string;
  /** tiktok: a change TikTok made; decision: made here; panel: what the panel flagged or someone resolved. */
  kind: 'tiktok' | 'decision' | 'panel';
  title: string;
  actor: string;
  note: string | null;
  from?: string | null;
  to?: string | null;
  /** How the panel learned of a TikTok change, and when; null when it never saw that step. */
  learned?: { via: 'sync' | 'webhook'; at: string; lagSeconds: number } | null;
}

/** TikTok's record and the status change we stored carry the same update time, to the second. */
const SAME_CHANGE_MS = 2_000;
/** A webhook delivery and the change it made are seconds apart (the row is fetched after the answer). */
const DELIVERY_WINDOW_MS = 60_000;

const TITLES: Record<string, string> = {
  approved_on_tiktok: 'Approved on TikTok from here',
  rejected_on_tiktok: 'Rejected on TikTok from here',
  partial_offered: 'Partial refund offered on TikTok from here',
  confirmed_refund: 'Refund confirmed here',
  confirmed_rejection: 'Rejection confirmed here',
  needs_review: 'Flagged for review',
  review_resolved: 'Review resolved',
  // Before decisions followed TikTok (kept for history written by earlier versions).
  marked_completed: 'Marked Completed',
  marked_rejected: 'Marked Rejected',
};

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1).toLowerCase();
}

export function buildTimeline(input: { records: TikTokRecordInput[]; events: EventInput[]; deliveries: DeliveryInput[] }): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  const usedRecords = new Set<number>();
  const usedDeliveries = new Set<number>();
  const changes = input.events.filter((e) => e.action === 'status_changed' || e.action === 'first_seen');

  for (const event of changes) {
    const recordIndex = input.records.findIndex((r, i) => !usedRecords.has(i) && Math.abs(r.at.getTime() - event.occurredAt.getTime()) <= SAME_CHANGE_MS);
    const record = recordIndex >= 0 ? input.records[recordIndex] : undefined;
    if (record) usedRecords.add(recordIndex);
    if (event.source === 'Webhook') {
      const delivery = input.deliveries.findIndex(
        (d, i) => !usedDeliveries.has(i) && d.receivedAt <= event.recordedAt && event.recordedAt.getTime() - d.receivedAt.getTime() <= DELIVERY_WINDOW_MS,
      );
      if (delivery >= 0) usedDeliveries.add(delivery);
    }
    entries.push({
      at: event.occurredAt.toISOString(),
      kind: 'tiktok',
      title: record?.description ?? (event.action === 'first_seen' ? 'Request received' : 'TikTok status changed'),
      actor: record?.role ? capitalize(record.role) : 'TikTok',
      note: [record?.reasonText, record?.note, event.note].filter(Boolean).join(' — ') || null,
      from: event.fromMarketplaceStatus,
      to: event.toMarketplaceStatus,
      learned: {
        via: event.source === 'Webhook' ? 'webhook' : 'sync',
        at: event.recordedAt.toISOString(),
        lagSeconds: Math.max(0, Math.round((event.recordedAt.getTime() - event.occurredAt.getTime()) / 1000)),
      },
    });
  }

  input.records.forEach((record, i) => {
    if (usedRecords.has(i)) return;
    entries.push({
      at: record.at.toISOString(),
      kind: 'tiktok',
      title: record.description ?? 'TikTok record',
      actor: record.role ? capitalize(record.role) : 'TikTok',
      note: [record.reasonText, record.note].filter(Boolean).join(' — ') || null,
      // A step TikTok took between two syncs: the panel only saw the state after it.
      learned: null,
    });
  });

  for (const event of input.events) {
    if (event.action === 'status_changed' || event.action === 'first_seen') continue;
    entries.push({
      at: event.occurredAt.toISOString(),
      kind: event.source === 'Admin' && event.action !== 'review_resolved' ? 'decision' : 'panel',
      title: TITLES[event.action] ?? event.action,
      actor: event.actorLabel,
      note: event.note,
      from: event.fromStatus,
      to: event.toStatus,
    });
  }

  input.deliveries.forEach((delivery, i) => {
    // Deliveries that changed nothing (a duplicate, a sync that got there first) are not a change;
    // one that failed is worth a line: the sync is then what brings the change.
    if (usedDeliveries.has(i) || delivery.outcome !== 'Failed') return;
    entries.push({
      at: delivery.receivedAt.toISOString(),
      kind: 'panel',
      title: `Webhook type ${delivery.type} could not be processed`,
      actor: 'TikTok webhook',
      note: delivery.error,
    });
  });

  return entries.sort((a, b) => a.at.localeCompare(b.at));
}
