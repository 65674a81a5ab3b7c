import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { freePort } from '@tools/database/embedded';

/**
 * The cross-site setting of the embedding test (tests/e2e/embed.spec.ts), for real: a second panel
 * process on the same build and database, configured as a production panel would be (APP_URL
 * https, EMBED_ALLOWED_ORIGINS, a launch secret, TRUSTED_PROXIES for the TLS proxy in front of it),
 * served at https://panel.test:<port>; a store admin at https://store.test:<port> that frames it;
 * and another site, https://other.test:<same port>, that is not allowed to. The host names are
 * mapped to 127.0.0.1 in Chromium (playwright.config.ts, --host-resolver-rules); the certificate is
 * self-signed, made here with openssl, and the test browser ignores its issuer. Different sites to
 * Chromium: SameSite=Lax cookies are not sent in the frame.
 */

export const EMBED_HOSTS = ['panel.test', 'store.test', 'other.test'] as const;

export interface EmbedSetup {
  panelUrl: string;
  storeUrl: string;
  otherUrl: string;
  stop: () => Promise<void>;
}

async function certificate(dir: string): Promise<{ key: Buffer; cert: Buffer }> {
  await mkdir(dir, { recursive: true });
  const key = path.join(dir, 'tls-key.pem');
  const cert = path.join(dir, 'tls-cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=panel.test',
      '-addext',
      `subjectAltName=${EMBED_HOSTS.map((host) => `DNS:${host}`).join(',')}`,
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  return { key: await readFile(key), cert: await readFile(cert) };
}

/** TLS in front of the panel, as a load balancer would be: the client's address appended to X-Forwarded-For. */
function tlsProxy(tls: { key: Buffer; cert: Buffer }, upstreamPort: number): https.Server {
  return https.createServer(tls, (request, response) => {
    const forwardedFor = [request.headers['x-forwarded-for'], request.socket.remoteAddress].filter(Boolean).join(', ');
    const upstream = http.request(
      {
        host: '127.0.0.1',
        port: upstreamPort,
        method: request.method,
        path: request.url,
        headers: { ...request.headers, 'x-forwarded-for': forwardedFor, 'x-forwarded-proto': 'https' },
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  });
}

const escapeAttribute = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The store admin (and the other site): a page that frames whatever `?src=` names. */
function storeSite(tls: { key: Buffer; cert: Buffer }): https.Server {
  return https.createServer(tls, (request, response) => {
    const url = new URL(request.url ?? '/', `https://${request.headers.host}`);
    const src = url.searchParams.get('src') ?? '';
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(
      `<!doctype html><html><head><title>Store admin · ${url.hostname}</title></head><body><h1>Store admin</h1>` +
        `<iframe id="panel" title="Refunds panel" src="${escapeAttribute(src)}" style="width:1560px;height:920px;border:0"></iframe></body></html>`,
    );
  });
}

const listen = (server: http.Server | https.Server, port: number) => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));

/** Starts the embedded panel (a child process writing to `log`), its TLS proxy and the store sites. */
export async function startEmbedSetup(options: {
  dir: string;
  env: NodeJS.ProcessEnv;
  launchSecret: string | undefined;
  log: (chunk: string) => void;
}): Promise<EmbedSetup> {
  const tls = await certificate(options.dir);
  const [internalPort, panelPort, storePort] = [await freePort(), await freePort(), await freePort()];
  const panelUrl = `https://panel.test:${panelPort}`;
  const storeUrl = `https://store.test:${storePort}`;
  const child: ChildProcess = spawn(process.execPath, [path.resolve('scripts/serve.mjs'), '-H', '127.0.0.1', '-p', String(internalPort)], {
    env: {
      ...options.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      APP_URL: panelUrl,
      EMBED_ALLOWED_ORIGINS: storeUrl,
      EMBED_LAUNCH_SECRET: options.launchSecret,
      // The TLS proxy above is the one hop in front: its X-Forwarded-For names the browser.
      TRUSTED_PROXIES: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => options.log(`[embedded panel] ${chunk.toString()}`));
  child.stderr?.on('data', (chunk: Buffer) => options.log(`[embedded panel] ${chunk.toString()}`));
  const proxy = tlsProxy(tls, internalPort);
  const store = storeSite(tls);
  await listen(proxy, panelPort);
  await listen(store, storePort);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the embedded panel exited (${child.exitCode})`);
    const ok = await fetch(`http://127.0.0.1:${internalPort}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error('the embedded panel did not start within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    panelUrl,
    storeUrl,
    otherUrl: `https://other.test:${storePort}`,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
      proxy.closeAllConnections();
      store.closeAllConnections();
      await Promise.all([new Promise((resolve) => proxy.close(resolve)), new Promise((resolve) => store.close(resolve))]);
    },
  };
}
