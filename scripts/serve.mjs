// @ts-check
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import next from 'next';

/**
 * Serves the production build, as `next start` does, plus one thing Next cannot do: tell the app
 * the address of the socket a request came in on. Next passes a client's own X-Forwarded-For
 * through (it fills the header only when it is missing), so the panel could not tell a spoofed
 * address from a real one. Here every request gets `x-refunds-peer-address` set from the socket,
 * replacing anything a client sent under that name; src/server/auth/client-address.ts decides from
 * it, and from X-Forwarded-For only with TRUSTED_PROXIES, who the client is.
 *
 * Usage (what `npm start`, the e2e server and the benchmark run): node scripts/serve.mjs -H <host> -p <port>
 */

/** Same name as PEER_ADDRESS_HEADER in src/server/auth/client-address.ts (this file runs without the TypeScript sources). */
const PEER_ADDRESS_HEADER = 'x-refunds-peer-address';

const { values } = parseArgs({
  options: { hostname: { type: 'string', short: 'H', default: '127.0.0.1' }, port: { type: 'string', short: 'p', default: '3000' } },
});
const hostname = values.hostname;
const port = Number(values.port);

const app = next({ dev: false, dir: process.cwd(), hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((request, response) => {
  request.headers[PEER_ADDRESS_HEADER] = request.socket.remoteAddress ?? '';
  void handle(request, response);
});
server.listen(port, hostname, () => console.log(`✓ Ready on http://${hostname}:${port}`));

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  // Open event streams (/api/events) would keep close() waiting: they are cut, clients reconnect.
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
