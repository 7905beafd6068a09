#!/usr/bin/env node
// Thin launcher: the app is bundled to dist/main.js by `npm run build`. It first restarts itself once
// with memory settings that only work from Node's start (see memory-tuned-relaunch.js).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { relaunchTuned } from './memory-tuned-relaunch.js';

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
if (!existsSync(main)) {
  console.error('freezer-agent is not built yet: run `npm run build` in the repository root first.');
  process.exit(1);
}
if (!relaunchTuned(fileURLToPath(import.meta.url))) await import(main);
