import { defineConfig } from 'prisma/config';

// Used by `prisma generate` (and by `prisma migrate deploy` where the native engine exists).
// Migrations on machines without it run through scripts/db.ts on Prisma's wasm schema engine.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://unset@127.0.0.1:5432/unset' },
});
