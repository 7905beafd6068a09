#!/usr/bin/env node
// Stand-in agent for the catalog tests: answers --help like an agent that knows --catalog-out, logs
// its arguments, writes a small catalog where told to (unless no_catalog_upload) and prints the
// backup's metadata like `--metadata-out -`.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';

const args = process.argv.slice(2);
if (args.includes('--help')) {
  console.log('usage: freezer-agent [--metadata-out FILE] [--catalog-out FILE] [--config FILE]');
  process.exit(0);
}
const valueOf = (flag) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
const ini = readFileSync(valueOf('--config') ?? '', 'utf8');
const get = (key) => new RegExp(`^${key} = (.*)$`, 'm').exec(ini)?.[1];
appendFileSync(process.env.STANDIN_LOG ?? '/dev/null', `${JSON.stringify(args)}\n`);
const name = get('backup_name') ?? 'unnamed';
const host = get('hostname') ?? 'standin';
const now = Math.floor(Date.now() / 1000);
const out = valueOf('--catalog-out');
if (out && get('no_catalog_upload') !== 'True') {
  const header = {
    format: 'freezer-catalog',
    version: 1,
    engine: 'tar',
    hostname: host,
    backup_name: name,
    level: 0,
    time_stamp: now,
    level0_time_stamp: now,
    parents: [],
  };
  const records = [
    { path: 'docs', type: 'dir', size: 0, mtime: now, mode: 0o755 },
    { path: `docs/secret-name-${name}.txt`, type: 'file', size: 42, mtime: now, mode: 0o644 },
  ];
  writeFileSync(out, [header, ...records].map((r) => JSON.stringify(r)).join('\n') + '\n');
}
process.stdout.write(
  JSON.stringify({
    action: 'backup',
    hostname: host,
    backup_name: name,
    container: get('container') ?? '/c',
    storage: 'local',
    time_stamp: now,
    curr_backup_level: 0,
    path_to_backup: '/data',
    result: 'success',
  }),
);
