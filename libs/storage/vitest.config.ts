import { defineProject } from 'vitest/config';

// Real servers (sshd, Swift) start in beforeAll; uploads of a few MB run against them.
export default defineProject({
  test: {
    name: '@freezer/storage',
    testTimeout: 60_000,
    hookTimeout: 90_000,
  },
});
