// Root Vitest config: one run covers every package (each package may add its own vite/vitest config).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      'libs/*',
      'apps/*',
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
