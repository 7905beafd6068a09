// npm run bench:agent:rsync [-- --size MB] [--work DIR] [--only rsync,tar,restic,borg]
// One large file (a VM image or database file) changed three ways in a row: (a) 8 MiB overwritten in
// place, (c) 8 MiB appended, (b) 1 KiB inserted at the start (every byte shifts). Our rsync engine, our
// tar engine, restic and borg back up each step; stored bytes and seconds per level side by side, then
// a restore of the last point. A benchmark, not a test: no assertions.
import { createCipheriv, createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { duBytes, measure, warmCache, type Measured } from './lib/measure.js';
import { borgPeer, resticPeer, type BenchTool } from './lib/peers.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? (args[i + 1] as string) : fallback;
};
const sizeMB = Number(arg('size', '500'));
const work = resolve(arg('work', '/tmp/freezer-bench-agent-rsync'));
const only = arg('only', 'rsync,tar,restic,borg').split(',');
const repoRoot = resolve(import.meta.dirname, '../..');
const agent = `node ${join(repoRoot, 'apps/agent/bin/freezer-agent.js')}`;
const data = join(work, 'data');
const file = join(data, 'disk.img');
const SIZE = sizeMB * 1024 * 1024;
const MiB = 1024 * 1024;

/** Deterministic incompressible bytes (AES-256-CTR keystream), addressed in 16-byte steps. */
function noise(seed: number, offset: number, length: number): Buffer {
  const key = createHash('sha256').update(`bench-rsync-${seed}`).digest();
  const iv = Buffer.alloc(16);
  iv.writeBigUInt64BE(BigInt(offset / 16), 8);
  return createCipheriv('aes-256-ctr', key, iv).update(Buffer.alloc(length));
}

function writeNoise(path: string, at: number, seed: number, length: number, flags = 'r+'): void {
  const fd = openSync(path, flags);
  for (let done = 0; done < length; done += 4 * MiB) {
    const n = Math.min(4 * MiB, length - done);
    writeSync(fd, noise(seed, done, n), 0, n, at + done);
  }
  closeSync(fd);
}

const STEPS: { name: string; changed: number; apply: () => void }[] = [
  { name: 'level 0', changed: SIZE, apply: () => writeNoise(file, 0, 1, SIZE, 'w') },
  {
    name: '(a) 8 MiB in place',
    changed: 8 * MiB,
    apply: () => {
      writeNoise(file, Math.floor(SIZE / 5) + 3, 2, 4 * MiB);
      writeNoise(file, Math.floor((SIZE * 3) / 5) + 7, 3, 4 * MiB);
    },
  },
  {
    name: '(c) 8 MiB appended',
    changed: 8 * MiB,
    apply: () => writeNoise(file, SIZE, 4, 8 * MiB),
  },
  {
    name: '(b) 1 KiB inserted at start',
    changed: 1024,
    apply: () => {
      const shifted = `${file}.new`;
      writeNoise(shifted, 0, 5, 1024, 'w');
      // The previous content after it: copy through a pipe so nothing large is held in memory.
      spawnSync('/bin/sh', ['-c', `cat '${file}' >> '${shifted}'`]);
      renameSync(shifted, file);
    },
  },
];

const ours = (engine: string) => (repo: string) =>
  `${agent} -F ${data} -C ${repo} -N bench --hostname bench --max-level 5 --engine ${engine}`;
const oursRestore = (repo: string, t: string): string =>
  `${agent} --action restore -C ${repo} -N bench --hostname bench --restore-abs-path ${t}`;
const tools: BenchTool[] = [
  { name: 'ours, --engine rsync (zstd)', key: 'rsync', backup: ours('rsync'), restore: oursRestore },
  { name: 'ours, --engine tar (zstd)', key: 'tar', backup: ours('tar'), restore: oursRestore },
  resticPeer(work, data),
  borgPeer(work, data, 's', STEPS.length - 1),
].filter((t) => only.includes(t.key));

interface Row {
  tool: BenchTool;
  steps: { measured: Measured; stored: number }[];
  restore?: Measured;
  error?: string;
}

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

if (
  spawnSync('node', [join(repoRoot, 'scripts/build-app.mjs'), 'src/main.ts', 'dist/main.js'], {
    cwd: join(repoRoot, 'apps/agent'),
    stdio: 'inherit',
  }).status !== 0
) {
  throw new Error('building the agent failed');
}
rmSync(work, { recursive: true, force: true });
mkdirSync(data, { recursive: true });
const rows: Row[] = tools.map((tool) => ({ tool, steps: [] }));
const repoOf = (row: Row): string => join(work, `repo-${row.tool.key}`);

for (let step = 0; step < STEPS.length; step++) {
  const s = STEPS[step] as (typeof STEPS)[number];
  log(`${s.name}: preparing ${sizeMB} MB file`);
  s.apply();
  warmCache(data);
  for (const row of rows) {
    if (row.error) continue;
    log(`${s.name}: ${row.tool.name}`);
    try {
      if (step === 0 && row.tool.init) measure(row.tool.init(repoOf(row)), row.tool.env);
      // Our timestamps are whole seconds: never two backups of one name in the same second.
      spawnSync('sleep', ['1']);
      // The previous tool's writes flushed first: the local storage fsyncs, and an fsync also waits
      // for other dirty data (ext4), so whoever ran first paid for the last tool's 500 MB.
      spawnSync('sync');
      const before = duBytes(repoOf(row));
      const measured = measure(row.tool.backup(repoOf(row), step), row.tool.env);
      row.steps.push({ measured, stored: duBytes(repoOf(row)) - before });
    } catch (err) {
      row.error = `${s.name}: ${(err as Error).message.split('\n')[0]}`;
      // The whole message: it ends with the command's stderr.
      log(`${s.name}: ${(err as Error).message}`);
    }
  }
}
for (const row of rows) {
  if (row.error) continue;
  const target = join(work, `restore-${row.tool.key}`);
  log(`restore: ${row.tool.name}`);
  spawnSync('sync');
  try {
    row.restore = measure(row.tool.restore(repoOf(row), target), row.tool.env);
  } catch (err) {
    row.error = `restore: ${(err as Error).message.split('\n')[0]}`;
  }
  rmSync(target, { recursive: true, force: true });
}
// Leave nothing large behind: the file and the four repositories (about 2.6 GB).
rmSync(work, { recursive: true, force: true });

const mb = (bytes: number): string => (bytes / 1e6).toFixed(2);
const lines = [
  `Agent rsync benchmark: one ${sizeMB} MiB file (incompressible), ${new Date().toISOString().slice(0, 10)}, warm cache`,
  '',
  `| tool | ${STEPS.map((s) => `${s.name} s | stored MB`).join(' | ')} | restore last s | restore peak RSS MB |`,
  `|---|${STEPS.map(() => '---|---|').join('')}---|---|`,
];
for (const r of rows) {
  const cells = r.steps.map((s) => `${s.measured.seconds.toFixed(2)} | ${mb(s.stored)}`);
  while (cells.length < STEPS.length) cells.push('- | -');
  lines.push(
    `| ${r.tool.name}${r.error ? ` (failed: ${r.error})` : ''} | ${cells.join(' | ')} | ` +
      `${r.restore?.seconds.toFixed(2) ?? '-'} | ${r.restore?.rssMB.toFixed(0) ?? '-'} |`,
  );
}
// CPU seconds (user + system, the tool and its children): what a step costs whatever the machine's load.
lines.push(
  '',
  'CPU seconds (user + system) of the same runs:',
  '',
  `| tool | ${STEPS.map((s) => `${s.name} CPU s`).join(' | ')} | restore last CPU s |`,
  `|---|${STEPS.map(() => '---|').join('')}---|`,
);
for (const r of rows) {
  const cells = r.steps.map((s) => s.measured.cpuSeconds.toFixed(2));
  while (cells.length < STEPS.length) cells.push('-');
  lines.push(`| ${r.tool.name} | ${cells.join(' | ')} | ${r.restore?.cpuSeconds.toFixed(2) ?? '-'} |`);
}
const rsync = rows.find((r) => r.tool.key === 'rsync' && !r.error);
const restic = rows.find((r) => r.tool.key === 'restic' && !r.error);
if (rsync && restic) {
  lines.push(
    '',
    'rsync engine vs restic per incremental (stored: ours / restic, target <= 1.5; time: restic s / ours s, >1 = we are faster; CPU likewise):',
    '',
  );
  lines.push('| change | stored ratio | speed-up | CPU speed-up |', '|---|---|---|---|');
  for (let i = 1; i < STEPS.length; i++) {
    const a = rsync.steps[i];
    const b = restic.steps[i];
    if (!a || !b) continue;
    lines.push(
      `| ${STEPS[i]?.name} | ${(a.stored / Math.max(b.stored, 1)).toFixed(2)} | ${(b.measured.seconds / a.measured.seconds).toFixed(2)}× | ${(b.measured.cpuSeconds / a.measured.cpuSeconds).toFixed(2)}× |`,
    );
  }
  if (rsync.restore && restic.restore)
    lines.push(
      `| restore of the last point | - | ${(restic.restore.seconds / rsync.restore.seconds).toFixed(2)}× | ${(restic.restore.cpuSeconds / rsync.restore.cpuSeconds).toFixed(2)}× |`,
    );
}
process.stdout.write(`${lines.join('\n')}\n`);
