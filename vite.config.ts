// Root Vitest config: one run covers every package (each package may add its own vite/vitest config).
import { configDefaults, defineConfig } from 'vitest/config';

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
          exclude: [...configDefaults.exclude, 'test/openstack/**'],
          globalSetup: ['@freezer/testkit/postgres-global-setup'],
        },
      },
      // Against a real OpenStack (Keystone, Glance, Nova, Cinder): globalSetup starts one cloud per run
      // (recipes/openstack; ~1 min, ~2.4 GB) that every file shares, one file at a time.
      {
        test: {
          name: 'openstack',
          include: ['apps/*/test/openstack/**/*.test.ts'],
          globalSetup: ['@freezer/testkit/openstack-global-setup'],
          fileParallelism: false,
          testTimeout: 300_000,
          hookTimeout: 1_200_000,
        },
      },
    ],
  },
});
