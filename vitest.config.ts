import path from 'node:path';
import { defineConfig } from 'vitest/config';

const resolve = {
  alias: {
    '@': path.resolve(import.meta.dirname, 'src'),
    '@tools': path.resolve(import.meta.dirname, 'tools'),
    // Tests run outside Next's react-server environment; the marker module would throw there.
    'server-only': path.resolve(import.meta.dirname, 'node_modules/server-only/empty.js'),
  },
};

export default defineConfig({
  test: {
    projects: [
      {
        resolve,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          sequence: { groupOrder: 0 },
          environment: 'node',
          // A non-UTC zone with DST catches code that formats or parses dates in the machine's zone.
          env: { TZ: 'America/Los_Angeles' },
        },
      },
      {
        resolve,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          sequence: { groupOrder: 1 },
          environment: 'node',
          env: { TZ: 'America/Los_Angeles' },
          globalSetup: ['tests/support/integration-global-setup.ts'],
          setupFiles: ['tests/support/integration-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // Two cores: more workers only add contention on the one Postgres.
          maxWorkers: 2,
        },
      },
    ],
  },
});
