// @ts-check
import cluster from 'node:cluster';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import next from 'next';

/**
 * Serves the production build, as `next start` does, plus two things Next cannot do:
 * - tell the app the address of the socket a request came in on. Next passes a client's own
 *   X-Forwarded-For through (it fills the header only when it is missing), so the panel could not
 *   tell a spoofed address from a real one. Here every request gets `x-refunds-peer-address` set
 *   from the socket, replacing anything a client sent under that name;
 *   src/server/auth/client-address.ts decides from it, and from X-Forwarded-For only with
 *   TRUSTED_PROXIES, who the client is.
 * - `--processes N` (WEB_PROCESSES for `npm start`): N server processes on one port (node:cluster;
 *   the primary hands each connection to the next process in turn). A Node process renders on one
 *   core: one process served ~90 grid navigations/s on the 2-core bench machine with the other
 *   core half idle. Everything the processes share lives in PostgreSQL (sessions, live updates,
 *   locks, jobs), as for processes behind a load balancer; only the first runs the in-process job
 *   worker (the others get WORKERS=0). A process that dies stops them all, as a lone server's exit
 *   stops `npm start`.
 *
 * Usage (what `npm start`, the e2e server and the benchmark run): node scripts/serve.mjs -H <host> -p <port> [--processes N]
 */

/** Same name as PEER_ADDRESS_HEADER in src/server/auth/client-address.ts (this file runs without the TypeScript sources). */
const PEER_ADDRESS_HEADER = 'x-refunds-peer-address';

const { values } = parseArgs({
  options: {
    hostname: { type: 'string', short: 'H', default: '127.0.0.1' },
    port: { type: 'string', short: 'p', default: '3000' },
    processes: { type: 'string', default: '1' },
  },
});
const hostname = values.hostname;
const port = Number(values.port);
const processes = Number(values.processes);
if (!/^\d+$/.test(values.processes) || processes < 1 || processes > 16) {
  console.error(`error: --processes must be a whole number from 1 to 16 (got "${values.processes}")`);
  process.exit(2);
}

if (processes > 1 && cluster.isPrimary) {
  let stopping = false;
  let listening = 0;
  const stopAll = (code = 0) => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {});
    if (workers.length === 0) process.exit(code);
    let left = workers.length;
    for (const worker of workers) {
      worker?.once('exit', () => --left === 0 && process.exit(code));
      worker?.process.kill('SIGTERM');
    }
    setTimeout(() => process.exit(code), 8000).unref();
  };
  for (let n = 0; n < processes; n++) cluster.fork(n === 0 ? {} : { WORKERS: '0' });
  cluster.on('listening', () => {
    if (++listening === processes) console.log(`✓ Ready on http://${hostname}:${port} (${processes} processes)`);
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    console.error(`server process ${worker.process.pid} exited (${signal ?? code}); stopping the others`);
    stopAll(code || 1);
  });
  process.on('SIGTERM', () => stopAll(0));
  process.on('SIGINT', () => stopAll(0));
} else {
  await serve();
}

async function serve() {
  const app = next({ dev: false, dir: process.cwd(), hostname, port });
  const handle = app.getRequestHandler();
  await app.prepare();

  const server = createServer((request, response) => {
    request.headers[PEER_ADDRESS_HEADER] = request.socket.remoteAddress ?? '';
    void handle(request, response);
  });
  // Under --processes the primary says it once every process listens.
  server.listen(port, hostname, () => cluster.isPrimary && console.log(`✓ Ready on http://${hostname}:${port}`));

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
}
