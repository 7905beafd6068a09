import { defineProject } from 'vitest/config';

// Integration tests start real API, scheduler and agent processes; one file at a time keeps the
// schedulers' slots on time on a small shared machine.
export default defineProject({
  test: {
    testTimeout: 180_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
