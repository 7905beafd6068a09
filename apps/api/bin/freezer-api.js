#!/usr/bin/env node
// Thin launcher: the app is bundled to dist/main.js by `npm run build`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
if (!existsSync(main)) {
  console.error('freezer-api is not built yet: run `npm run build` in the repository root first.');
  process.exit(1);
}
await import(main);
