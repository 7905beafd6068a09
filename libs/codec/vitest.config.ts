import { defineProject } from 'vitest/config';

// Real compressors (bzip2/xz CLIs) and a 200 MB streamed round trip run here.
export default defineProject({
  test: {
    name: '@freezer/codec',
    testTimeout: 180_000,
    hookTimeout: 60_000,
  },
});
