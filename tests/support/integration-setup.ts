import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, inject } from 'vitest';

/**
 * Each integration test file gets a fresh database cloned from the migrated template, and the
 * app's modules (src/server/db.ts) see it through DATABASE_URL. Secrets are test-only values.
 */
const templateUrl = new URL(inject('templateDatabaseUrl'));
const templateName = templateUrl.pathname.slice(1);
const name = `test_${randomBytes(6).toString('hex')}`;

const admin = new pg.Client({ connectionString: Object.assign(new URL(templateUrl), { pathname: '/postgres' }).toString() });
await admin.connect();
await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${templateName}"`);
await admin.end();

const url = Object.assign(new URL(templateUrl), { pathname: `/${name}` }).toString();
process.env.DATABASE_URL = url;
process.env.APP_ENCRYPTION_KEY ??= randomBytes(32).toString('base64');
process.env.AUTH_SECRET ??= randomBytes(32).toString('base64');

afterAll(async () => {
  const { disconnectDb } = await import('@/server/db');
  await disconnectDb();
  const client = new pg.Client({ connectionString: Object.assign(new URL(templateUrl), { pathname: '/postgres' }).toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.end();
});
