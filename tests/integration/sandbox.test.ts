import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '@/server/tiktok/sign';
import { startSandbox } from '@tools/tiktok-sandbox/server';
import { control, sandboxClient, startTestSandbox } from '../support/sandbox';

interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

async function receiver(): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function until(check: () => boolean, ms = 3000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('sandbox behaviour', () => {
  let sandbox: Awaited<ReturnType<typeof startTestSandbox>>;
  let hooks: Awaited<ReturnType<typeof receiver>>;
  beforeAll(async () => {
    hooks = await receiver();
    sandbox = await startTestSandbox({}, { webhookUrl: hooks.url });
  });
  afterAll(async () => {
    await sandbox.close();
    await hooks.close();
  });

  it('changes nothing on a GET: the webhook address stays, evolve / touch / advance want a POST', async () => {
    const raw = (path: string, method = 'GET') => fetch(`${sandbox.url}/_sandbox${path}`, { method, headers: { 'x-sandbox-key': sandbox.profile.appSecret } });
    expect(await control<{ url: string | null }>(sandbox, '/webhook')).toEqual({ url: hooks.url });
    expect(await control<{ url: string | null }>(sandbox, '/webhook')).toEqual({ url: hooks.url });
    for (const path of ['/evolve', '/touch', '/advance', '/partial-refund/answer']) expect((await raw(path)).status, path).toBe(405);
    const broken = await fetch(`${sandbox.url}/_sandbox/evolve`, {
      method: 'POST',
      headers: { 'x-sandbox-key': sandbox.profile.appSecret },
      body: '{not json',
    });
    expect(broken.status).toBe(400);
    expect(hooks.received).toHaveLength(0);
  });

  it('evolves on demand: requests advance, new ones arrive, and each change is pushed as a signed webhook', async () => {
    const client = sandboxClient(sandbox, 0);
    const before = Math.floor(Date.now() / 1000);
    const { changes } = await control<{ changes: { id: string; kind: string; shopId: string; status: string; updateTime: number }[] }>(sandbox, '/evolve', {
      advance: 6,
      arrive: 2,
    });
    expect(changes).toHaveLength(8);
    await until(() => hooks.received.length >= 8);
    for (const change of changes.filter((c) => c.shopId === sandbox.state.shops[0]!.shopId && c.kind === 'Return')) {
      const current = await client.findRefund('Return', change.id);
      expect(current?.status).toBe(change.status);
      expect(current!.updatedAt.getTime() / 1000).toBeGreaterThanOrEqual(before);
    }
    for (const hook of hooks.received) {
      expect(hook.headers.authorization).toBe(signWebhook(sandbox.profile.appKey, sandbox.profile.appSecret, hook.body));
      const payload = JSON.parse(hook.body) as { type: number; tts_notification_id: string; shop_id: string; data: Record<string, unknown> };
      expect([11, 12]).toContain(payload.type);
      expect(payload.tts_notification_id).toMatch(/^\d+$/);
      expect(sandbox.state.shops.map((s) => s.shopId)).toContain(payload.shop_id);
      if (payload.type === 12) {
        expect(payload.data.return_id).toBeTypeOf('string');
        expect(payload.data.return_status).toBeTypeOf('string');
        expect(payload.data.update_time).toBeTypeOf('number');
      } else {
        expect(payload.data.cancel_id).toBeTypeOf('string');
        expect(payload.data.cancel_status).toBeTypeOf('string');
        expect(payload.data.cancellations_role).toBeTypeOf('string');
      }
    }
  });

  it('serves an authorize page listing the shops, escaping what it echoes', async () => {
    const page = await fetch(`${sandbox.url}/open/authorize?service_id=x&state=${encodeURIComponent('"><script>')}&redirect_uri=http://127.0.0.1/cb`);
    const html = await page.text();
    expect(html).toContain(sandbox.state.shops[1]!.name);
    expect(html).not.toContain('"><script>');
    expect(html).toContain('&quot;&gt;&lt;script&gt;');
  });

  it('keeps seller decisions across a restart when given a state file', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sandbox-state-'));
    try {
      const stateFile = path.join(dir, 'state.json');
      const first = await startSandbox({ profile: sandbox.profile, port: 0, stateFile });
      const changes = first.state.evolve({ advance: 1 });
      const id = changes[0]!.request.id;
      const status = changes[0]!.step.status;
      await first.close();
      await new Promise((resolve) => setTimeout(resolve, 100));
      const second = await startSandbox({ profile: sandbox.profile, port: 0, stateFile });
      try {
        const found = second.state.find(id)!;
        expect(second.state.json(found.shopIndex, found.index, second.state.now())).toMatchObject(
          found.request.kind === 'Return' ? { return_status: status } : { cancel_status: status },
        );
      } finally {
        await second.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses control calls without the sandbox key', async () => {
    const response = await fetch(`${sandbox.url}/_sandbox/truth`);
    expect(response.status).toBe(401);
  });
});
