// The agent's own bundle: like scripts/build-app.mjs, but with code splitting so the storage drivers'
// dynamic imports stay lazy — a local backup then never loads the AWS SDK or ssh2 (~40 MB of RSS).
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('../../package.json', 'utf8'));
rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: { main: 'src/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  define: { __FREEZER_VERSION__: JSON.stringify(pkg.version) },
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  plugins: [
    {
      name: 'externalize-third-party',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) => {
          if (args.path.startsWith('@freezer/')) return undefined;
          return { path: args.path, external: true };
        });
      },
    },
  ],
});
