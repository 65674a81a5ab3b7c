// `prisma generate` on machines that cannot download Prisma's native schema engine: generate
// never executes the engine, it only checks that a file exists at PRISMA_SCHEMA_ENGINE_BINARY.
// Migrations do not use the native engine either (see tools/database/schema-engine.ts).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// eslint-disable-next-line no-restricted-properties -- runs at npm install as plain Node, before TypeScript tooling exists: it cannot import src/server/config.ts, and only passes the environment on to prisma
const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' };
env.PRISMA_SCHEMA_ENGINE_BINARY ||= process.execPath;
const result = spawnSync(process.execPath, [require.resolve('prisma/build/index.js'), 'generate'], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
