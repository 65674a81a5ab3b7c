import { subscribeToRefundChanges } from '@/server/live/refund-changes';
import { defineRoute } from '@/server/route';

/**
 * Server-Sent Events for open grids: `refunds` whenever refunds change (a sync, a webhook, another
 * operator's decision), with the ids it touched. A comment every 20 s keeps proxies from closing
 * an idle stream; EventSource reconnects on its own (after `retry` ms) when the stream drops.
 */
export const GET = defineRoute({ name: 'live.events', role: 'viewer' }, ({ request }) => {
  const encoder = new TextEncoder();
  let cleanup: () => void = () => undefined;
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      send('retry: 3000\n\n');
      const unsubscribe = await subscribeToRefundChanges((change) => send(`event: refunds\ndata: ${JSON.stringify(change)}\n\n`));
      const heartbeat = setInterval(() => send(': ping\n\n'), 20_000);
      cleanup = () => {
        clearInterval(heartbeat);
        unsubscribe();
        try {
          controller.close();
        } catch {
          // already closed by the client going away
        }
      };
      request.signal.addEventListener('abort', () => cleanup());
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    },
  });
});

export const dynamic = 'force-dynamic';
