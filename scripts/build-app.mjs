// Bundles one Node app (its own code plus the @freezer/* workspace libs) into a single ESM file.
// Third-party packages stay external: native addons (better-sqlite3, zstd) and packages that load
// files at run time (fastify plugins, pino transports) must be resolved from node_modules.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const [entry, outfile] = process.argv.slice(2);
if (!entry || !outfile) {
  console.error('usage: build-app.mjs <entry.ts> <outfile.js>');
  process.exit(2);
}
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  define: { __FREEZER_VERSION__: JSON.stringify(pkg.version) },
  banner: {
    // Bundled CommonJS dependencies may call require(); give ESM output one.
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
