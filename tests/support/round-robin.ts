import http from 'node:http';

/**
 * One address in front of several panel processes, as a load balancer puts it: each request goes
 * to the next upstream in turn (no stickiness), streamed both ways, so a page, its server actions
 * and its live-update stream usually land on different processes. The Host header is kept, as
 * load balancers keep it (the panel's same-origin check compares it with Origin). For the
 * two-process e2e test.
 */
export async function startRoundRobin(upstreams: string[]): Promise<{ url: string; close: () => Promise<void> }> {
  let next = 0;
  const server = http.createServer((req, res) => {
    const target = new URL(req.url ?? '/', upstreams[next++ % upstreams.length]);
    const upstream = http.request(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
