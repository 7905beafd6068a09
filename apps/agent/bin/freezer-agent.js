#!/usr/bin/env node
// Thin launcher: the app is bundled to dist/main.js by `npm run build`. It runs in this very process
// with glibc's and Node's defaults: its buffers are sized and reused on purpose, so no allocator
// setting (and no second Node start to apply one) is needed for its memory limit.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
if (!existsSync(main)) {
  console.error('freezer-agent is not built yet: run `npm run build` in the repository root first.');
  process.exit(1);
}
await import(main);
