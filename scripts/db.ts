import { parseArgs } from 'node:util';
import { checkDrift, createMigration, deployMigrations, hasDrift } from '@tools/database/migrations';
import { ensureLocalSecrets, loadEnv, runMain, UsageError, withDatabase } from './lib/runtime';
import { seedIfEmpty } from './lib/seed';

const USAGE = `usage: tsx scripts/db.ts <command>
  migrate              apply pending migrations (npm run db:migrate)
  migration <name>     create a migration from changes to prisma/schema.prisma (npm run db:migration -- <name>)
  drift                exit 1 when the database, the migrations and schema.prisma disagree (npm run db:drift)
  seed [--reset]       load the demo data set into an empty database (npm run db:seed)`;

runMain(async () => {
  loadEnv();
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { reset: { type: 'boolean', default: false } } });
  const [command, name] = positionals;
  switch (command) {
    case 'migrate':
      return withDatabase(async (url) => {
        const applied = await deployMigrations(url);
        console.log(applied.length ? `applied ${applied.length} migration(s): ${applied.join(', ')}` : 'database is up to date');
      });
    case 'migration': {
      if (!name) throw new UsageError(`a migration needs a name\n${USAGE}`);
      return withDatabase(async (url) => {
        const created = await createMigration(url, name);
        console.log(created ? `created prisma/migrations/${created}/migration.sql` : 'schema.prisma has no changes: no migration created');
      });
    }
    case 'drift':
      return withDatabase(async (url) => {
        const report = await checkDrift(url);
        if (!hasDrift(report)) {
          console.log('no drift: database, migrations and schema.prisma agree');
          return 0;
        }
        if (report.unapplied.length) console.log(`unapplied migrations: ${report.unapplied.join(', ')}`);
        if (report.edited.length) console.log(`migrations edited after being applied: ${report.edited.join(', ')}`);
        if (report.failed.length) console.log(`failed migrations: ${report.failed.join(', ')}`);
        if (report.migrationsVsSchema) console.log(`schema.prisma changed without a migration (npm run db:migration -- <name>):\n${report.migrationsVsSchema}`);
        if (report.databaseVsSchema) console.log(`database differs from schema.prisma:\n${report.databaseVsSchema}`);
        return 1;
      });
    case 'seed':
      await ensureLocalSecrets(['APP_ENCRYPTION_KEY']);
      return withDatabase(async (url) => {
        await deployMigrations(url);
        const result = await seedIfEmpty({ reset: values.reset });
        console.log(result);
      });
    default:
      throw new UsageError(USAGE);
  }
});
