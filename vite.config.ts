// Root Vitest config: one run covers every package (each package may add its own vite/vitest config).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['libs/*', 'apps/*'],
  },
});
