#!/usr/bin/env node
// `npm run fuzz:api -- [cases] [seed]`: the API fuzz suite (apps/api/test/fuzz.test.ts) with many more
// generated requests than `npm test` runs, in no-auth and --auth mode, on SQLite. Prints the counts
// (cases, 2xx, 4xx, 5xx) and keeps them in test-results/fuzz-api-*.json.
import { spawnSync } from 'node:child_process';

const [cases = '20000', seed] = process.argv.slice(2);
if (!/^\d+$/.test(cases) || Number(cases) < 1 || (seed !== undefined && !/^\d+$/.test(seed))) {
  console.error('usage: npm run fuzz:api -- [cases (default 20000)] [seed]');
  process.exit(2);
}
const env = {
  ...process.env,
  FREEZER_FUZZ_CASES: cases,
  FREEZER_FUZZ_SEED: seed ?? String(Math.floor(Math.random() * 1_000_000_000)),
};
const run = spawnSync('npx', ['vitest', 'run', '--project', '@freezer/api', 'apps/api/test/fuzz.test.ts'], {
  stdio: 'inherit',
  env,
});
process.exit(run.status ?? 1);
