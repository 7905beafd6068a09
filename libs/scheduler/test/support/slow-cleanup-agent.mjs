#!/usr/bin/env node
// Stand-in agent for the kill-grace tests: like our agent in a cloud mode, a SIGTERM starts a cleanup
// that takes CLEANUP_MS (default 12 s, longer than the scheduler's default 10 s grace), then the agent
// ends with the signal. It records each step in $GRACE_DIR/<backup_name>; without a signal it runs
// for a minute and prints empty metadata.
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
if (args.includes('--help')) {
  console.log('usage: freezer-agent [--metadata-out FILE] [--config FILE]');
  process.exit(0);
}
const ini = readFileSync(args[args.indexOf('--config') + 1] ?? '', 'utf8');
const name = /^backup_name = (.*)$/m.exec(ini)?.[1] ?? 'unnamed';
const record = (line) => appendFileSync(join(process.env.GRACE_DIR ?? '/tmp', name), `${line}\n`);
const cleanupMs = Number(process.env.CLEANUP_MS ?? 12_000);

const finished = setTimeout(() => {
  record('finished');
  process.stdout.write('{}');
}, 60_000);
process.once('SIGTERM', () => {
  clearTimeout(finished);
  record('cleanup started');
  setTimeout(() => {
    record('cleaned up');
    process.kill(process.pid, 'SIGTERM');
  }, cleanupMs);
});
record('started');
