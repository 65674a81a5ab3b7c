import 'server-only';
import pg from 'pg';
import { env } from '@/server/config';
import { logError } from '@/server/log';

/**
 * Refund changes as they commit, for open grids. A statement trigger on refunds NOTIFYs
 * `refund_changes` with the ids it touched (migration refund_change_notify); each app process
 * LISTENs on one dedicated connection (LISTEN cannot share a pooled one) and fans the notices out
 * to its subscribers (the SSE streams of /api/events). NOTIFY reaches every process connected to
 * the database, so several `next start` processes behind one address all see every change.
 */

interface RefundChange {
  /** Rows the statement touched in all. */
  count: number;
  /** Up to 200 of their ids (our row ids). */
  ids: number[];
}

type Subscriber = (change: RefundChange) => void;

interface Listener {
  client: pg.Client | null;
  subscribers: Set<Subscriber>;
  connecting: Promise<void> | null;
  retryTimer: NodeJS.Timeout | null;
  closed: boolean;
}

const holder = globalThis as unknown as { refundsListener?: Listener };

function listener(): Listener {
  holder.refundsListener ??= { client: null, subscribers: new Set(), connecting: null, retryTimer: null, closed: false };
  return holder.refundsListener;
}

function parse(payload: string | undefined): RefundChange | null {
  try {
    const value = JSON.parse(payload ?? '') as { count?: unknown; ids?: unknown };
    const ids = Array.isArray(value.ids) ? value.ids.filter((id): id is number => Number.isInteger(id)) : [];
    return { count: typeof value.count === 'number' ? value.count : ids.length, ids };
  } catch {
    return null;
  }
}

async function connect(state: Listener): Promise<void> {
  const client = new pg.Client({ connectionString: env.DATABASE_URL });
  client.on('notification', (message) => {
    const change = parse(message.payload);
    if (change) for (const subscriber of state.subscribers) subscriber(change);
  });
  // A dropped connection (restart, failover) is reopened after 2 s while anyone still listens.
  client.on('error', (error) => logError('live.listen_error', { code: (error as { code?: string }).code }));
  client.on('end', () => {
    if (state.client === client) state.client = null;
    if (!state.closed && state.subscribers.size && !state.retryTimer) {
      state.retryTimer = setTimeout(() => {
        state.retryTimer = null;
        void ensureConnected(state);
      }, 2000);
      state.retryTimer.unref();
    }
  });
  await client.connect();
  await client.query('LISTEN refund_changes');
  state.client = client;
}

function ensureConnected(state: Listener): Promise<void> {
  if (state.client || state.closed) return Promise.resolve();
  state.connecting ??= connect(state)
    .catch((error: unknown) => logError('live.listen_failed', { error }))
    .finally(() => {
      state.connecting = null;
    });
  return state.connecting;
}

/** Calls `subscriber` for every committed change of refunds until the returned function is called. */
export async function subscribeToRefundChanges(subscriber: Subscriber): Promise<() => void> {
  const state = listener();
  state.closed = false;
  state.subscribers.add(subscriber);
  await ensureConnected(state);
  return () => {
    state.subscribers.delete(subscriber);
  };
}

/** Closes the listening connection (scripts and tests, with the pools). */
export async function closeRefundChanges(): Promise<void> {
  const state = holder.refundsListener;
  if (!state) return;
  state.closed = true;
  state.subscribers.clear();
  if (state.retryTimer) clearTimeout(state.retryTimer);
  const client = state.client;
  state.client = null;
  await client?.end().catch(() => undefined);
}
