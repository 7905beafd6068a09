// Bundles one Node app (its own code plus the @freezer/* workspace libs) into ESM.
// Third-party packages stay external: native addons (better-sqlite3, zstd) and packages that load
// files at run time (fastify plugins, pino transports) must be resolved from node_modules.
// CLI: node build-app.mjs <entry.ts> <outfile.js>; apps with special needs import bundleApp().
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const externalizeThirdParty = {
  name: 'externalize-third-party',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@freezer/')) return undefined;
      return { path: args.path, external: true };
    });
  },
};

/** `out` is a file, or with `splitting` a directory (lazy dynamic imports become their own chunks). */
export async function bundleApp({ entry, out, splitting = false, version }) {
  await build({
    ...(splitting
      ? { entryPoints: { main: entry }, outdir: out, splitting: true }
      : { entryPoints: [entry], outfile: out }),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    define: { __FREEZER_VERSION__: JSON.stringify(version) },
    banner: {
      // Bundled CommonJS dependencies may call require(); give ESM output one.
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    plugins: [externalizeThirdParty],
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [entry, out] = process.argv.slice(2);
  if (!entry || !out) {
    console.error('usage: build-app.mjs <entry.ts> <outfile.js>');
    process.exit(2);
  }
  const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
  await bundleApp({ entry, out, version });
}
