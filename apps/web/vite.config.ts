import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// `npm run dev` proxies the API so the dev server sees real data (FREEZER_API_URL overrides the target).
const api = process.env.FREEZER_API_URL ?? 'http://127.0.0.1:9090';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: { host: '127.0.0.1', proxy: { '/v2': api, '/auth': api, '/healthz': api } },
  test: { environment: 'jsdom' },
});
