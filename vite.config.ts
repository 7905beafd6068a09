// Root Vitest config: one run covers every package (each package may add its own vite/vitest config).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      'libs/*',
      'apps/*',
      // The package boundaries of eslint.config.js, proved on snippets that cross them.
      { test: { name: 'eslint-boundaries', include: ['scripts/eslint/*.test.ts'], testTimeout: 60_000 } },
      // The same API suite on PostgreSQL: globalSetup starts a private Debian cluster on loopback.
      {
        test: {
          name: '@freezer/api-pg',
          root: './apps/api',
          include: ['test/**/*.test.ts'],
          globalSetup: ['@freezer/testkit/postgres-global-setup'],
        },
      },
    ],
  },
});
