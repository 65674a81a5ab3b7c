import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startThrowawayDatabase } from '@tools/database/embedded';
import { deployMigrations } from '@tools/database/migrations';

/**
 * One real PostgreSQL for the integration run (or the server in TEST_DATABASE_URL). Migrations are
 * applied once to a template database; every test file then gets its own copy (see
 * integration-setup.ts), so files run in parallel without seeing each other's rows.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const external = process.env.TEST_DATABASE_URL;
  const server = external ? undefined : await startThrowawayDatabase();
  const templateUrl = external ?? server!.url;
  if (external) assertLocal(external);
  await deployMigrations(templateUrl);
  // pg-boss's schema and the app's queues, once, so every cloned test database has them.
  const { installJobSchema } = await import('@/server/jobs/runtime');
  await installJobSchema(templateUrl);
  // CREATE DATABASE ... TEMPLATE refuses while anyone is connected to the template; the schema
  // engine can leave an idle connection behind.
  const client = new pg.Client({ connectionString: Object.assign(new URL(templateUrl), { pathname: '/postgres' }).toString() });
  await client.connect();
  await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [
    new URL(templateUrl).pathname.slice(1),
  ]);
  await client.end();
  project.provide('templateDatabaseUrl', templateUrl);
  return async () => {
    await server?.stop();
  };
}

/** Destructive tests never run against a remote database by accident. */
function assertLocal(url: string) {
  const host = new URL(url).hostname;
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
    throw new Error(`TEST_DATABASE_URL must point at a local server (got ${host}): tests create and drop databases`);
  }
}
