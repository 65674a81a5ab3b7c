import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { E2eRole } from '../support/e2e-users';

export function authFile(role: E2eRole): string {
  return path.resolve('.e2e', 'auth', `${role}.json`);
}

/** What the e2e server started (tests/support/e2e-server.ts). */
export function serverLog(): string {
  return readFileSync(path.resolve('.e2e/server.log'), 'utf8');
}

interface E2eEnv {
  sandboxUrl: string;
  appKey: string;
  appSecret: string;
  databaseUrl: string;
  encryptionKey: string;
  authSecret: string;
  launchSecret: string;
  launchSecretPrevious: string;
}

export function e2eEnv(): E2eEnv {
  return JSON.parse(readFileSync(path.resolve('.e2e/env.json'), 'utf8')) as E2eEnv;
}

/** The embedded panel and the sites around it (tests/support/e2e-embed.ts). */
export function embedEnv(): { panelUrl: string; storeUrl: string; otherUrl: string } {
  return JSON.parse(readFileSync(path.resolve('.e2e/embed.json'), 'utf8')) as { panelUrl: string; storeUrl: string; otherUrl: string };
}

/** Runs a query on the e2e database (tests read expectations from it rather than hard-coding them). */
export async function sql<T = Record<string, unknown>>(text: string, values: unknown[] = []): Promise<T[]> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: e2eEnv().databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Calls the e2e sandbox's control API. */
export async function sandboxControl<T = unknown>(path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST'): Promise<T> {
  const env = e2eEnv();
  const response = await fetch(`${env.sandboxUrl}/_sandbox${path}`, {
    method,
    headers: { 'x-sandbox-key': env.appSecret, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as { code: number; data: T; message: string };
  if (json.code !== 0) throw new Error(json.message);
  return json.data;
}
