import { defineProject } from 'vitest/config';

// Real GNU tar, openssl and the stock agent run in these tests: give them time, one file at a time.
export default defineProject({
  test: {
    name: '@freezer/engine',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
