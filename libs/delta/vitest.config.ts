import { defineProject } from 'vitest/config';

// The 500 MiB streamed cases take tens of seconds on a busy 2-core machine.
export default defineProject({
  test: {
    name: '@freezer/delta',
    testTimeout: 240_000,
    hookTimeout: 240_000,
  },
});
