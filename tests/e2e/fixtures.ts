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

export function e2eEnv(): { sandboxUrl: string; appKey: string; appSecret: string; databaseUrl: string; encryptionKey: string; authSecret: string } {
  return JSON.parse(readFileSync(path.resolve('.e2e/env.json'), 'utf8'));
}
