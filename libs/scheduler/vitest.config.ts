import { defineProject } from 'vitest/config';

// Integration tests start real API, scheduler and agent processes.
export default defineProject({
  test: {
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
