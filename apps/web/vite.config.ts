import { defineConfig, type Plugin } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

// `npm run dev` proxies the API so the dev server sees real data (FREEZER_API_URL overrides the target).
const api = process.env.FREEZER_API_URL ?? 'http://127.0.0.1:9090';
const outDir = 'dist';

/**
 * Brotli and gzip copies beside every text asset, made once at build time at the highest levels
 * (too slow per request), which the API serves through @fastify/static's `preCompressed`.
 */
function precompress(): Plugin {
  const compressible = /\.(js|mjs|css|html|svg|json|txt|map)$/;
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
  return {
    name: 'freezer-precompress',
    apply: 'build',
    closeBundle() {
      for (const file of walk(resolve(outDir))) {
        if (!compressible.test(file)) continue;
        const data = readFileSync(file);
        if (data.length < 1024) continue;
        writeFileSync(
          `${file}.br`,
          brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        );
        writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  plugins: [react(), precompress()],
  build: { outDir, emptyOutDir: true },
  server: { host: '127.0.0.1', proxy: { '/v2': api, '/auth': api, '/healthz': api } },
  // Wizard tests click through four steps in jsdom: seconds each on a loaded CI machine.
  test: { environment: 'jsdom', testTimeout: 15_000 },
});
