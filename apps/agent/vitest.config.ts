import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: '@freezer/agent', testTimeout: 120_000, hookTimeout: 120_000, fileParallelism: false },
});
