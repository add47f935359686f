import { defineConfig } from 'vitest/config';
import { serverNodeFlags } from './server/node-flags.ts';

// Tiers: `unit` (npm test: PGlite, no services), `services` (npm run test:services: the same suite
// plus *.services.test.ts against PostgreSQL and Redis), `e2e` (npm run test:e2e: built app + Chromium).
export default defineConfig({
  test: {
    pool: 'forks',
    // The same V8 flags as the server (server/node-flags.ts): the embedded database starts faster.
    execArgv: serverNodeFlags,
    globalSetup: ['server/testing/global-setup.ts'],
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['{server,collab,schema,scripts}/**/*.test.ts'], exclude: ['**/*.services.test.ts', '**/node_modules/**'] },
      },
      {
        extends: true,
        test: { name: 'services', include: ['{server,collab}/**/*.services.test.ts'] },
      },
      {
        extends: true,
        test: { name: 'e2e', include: ['e2e/**/*.e2e.ts'], maxWorkers: 1, testTimeout: 120_000, hookTimeout: 300_000 },
      },
    ],
  },
});
