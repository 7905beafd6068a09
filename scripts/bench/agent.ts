// npm run bench:agent [-- --size MB] [--work DIR] [--only ours-aes,ours-rsync-aes,ours-zstd,ours-rsync,ours-untuned,ours-gzip,stock,restic,borg,tarzstd,tarpigz]
// Level 0, an incremental after ~1% change, and a restore of the chain, side by side with the stock
// freezer-agent (gzip), restic, borg (lz4), `tar | zstd -T0` and `tar | pigz`; then our encrypted rows
// against restic (always encrypted) and the physical floors: reading the tree, `tar | zstd -T0`, and
// node's raw AES-256-GCM throughput. A benchmark, not a test: no assertions. Peers come from Debian: apt-get install -y python3-freezer restic borgbackup zstd pigz time.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { makeDataset, mutateDataset } from './lib/agent-dataset.js';
import { aesGcmMBps, readTreeSeconds } from './lib/floors.js';
import { duBytes, measure, warmCache, type Measured } from './lib/measure.js';
import { borgPeer, resticPeer, type BenchTool } from './lib/peers.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? (args[i + 1] as string) : fallback;
};
const sizeMB = Number(arg('size', '1000'));
const work = resolve(arg('work', '/tmp/freezer-bench-agent'));
const only = arg(
  'only',
  'ours-aes,ours-rsync-aes,ours-zstd,ours-rsync,ours-untuned,ours-gzip,stock,restic,borg,tarzstd,tarpigz',
).split(',');
const repoRoot = resolve(import.meta.dirname, '../..');
const agent = `node ${join(repoRoot, 'apps/agent/bin/freezer-agent.js')}`;
const data = join(work, 'data');

const agentCommon = (repo: string): string => `-F ${data} -C ${repo} -N bench --hostname bench --max-level 5`;
const passFile = join(work, 'pass');
const encrypted = `--encrypt-pass-file ${passFile}`;
/** Our agent with `options` on both the backups and the restore. */
const ours = (name: string, key: string, options: string): BenchTool => ({
  name,
  key,
  backup: (repo) => `${agent} ${agentCommon(repo)} ${options}`,
  restore: (repo, t) =>
    `${agent} --action restore -C ${repo} -N bench --hostname bench --restore-abs-path ${t} ${options}`,
});
const allTools: BenchTool[] = [
  ours('ours (tar, zstd, AES-256-GCM)', 'ours-aes', `--compression zstd ${encrypted}`),
  ours('ours (rsync, zstd, AES-256-GCM)', 'ours-rsync-aes', `--engine rsync --compression zstd ${encrypted}`),
  ours('ours (rsync, zstd)', 'ours-rsync', '--engine rsync --compression zstd'),
  {
    name: 'ours (zstd)',
    key: 'ours-zstd',
    backup: (repo) => `${agent} ${agentCommon(repo)} --compression zstd`,
    restore: (repo, t) =>
      `${agent} --action restore -C ${repo} -N bench --hostname bench --restore-abs-path ${t}`,
  },
  {
    // Stock's 32 MiB segments instead of ours (the agent has no allocator setting left to leave out).
    name: 'ours (zstd, 32M segments)',
    key: 'ours-untuned',
    backup: (repo) => `${agent} ${agentCommon(repo)} --compression zstd -M 32M`,
    restore: (repo, t) =>
      `${agent} --action restore -C ${repo} -N bench --hostname bench --restore-abs-path ${t}`,
  },
  {
    name: 'ours (gzip)',
    key: 'ours-gzip',
    backup: (repo) => `${agent} ${agentCommon(repo)} --compression gzip`,
    restore: (repo, t) =>
      `${agent} --action restore -C ${repo} -N bench --hostname bench --restore-abs-path ${t}`,
  },
  {
    name: 'stock freezer-agent (gzip)',
    key: 'stock',
    env: { OS_AUTH_URL: 'http://127.0.0.1:1/v3' },
    backup: (repo) =>
      `freezer-agent --action backup --mode fs --storage local --container ${repo} --path-to-backup ${data} ` +
      `--backup-name bench --hostname bench --max-level 5 --compression gzip --log-file ${work}/stock.log`,
    restore: (repo, t) =>
      `freezer-agent --action restore --storage local --container ${repo} --backup-name bench --hostname bench ` +
      `--restore-abs-path ${t} --log-file ${work}/stock.log`,
  },
  resticPeer(work, data),
  borgPeer(work, data, 'l', 1),
  {
    name: 'tar + zstd -T0 (shell pipe)',
    key: 'tarzstd',
    init: (repo) => `mkdir -p ${repo}`,
    backup: (repo, level) =>
      (level > 0 ? `cp ${repo}/snar.0 ${repo}/snar.${level} && ` : '') +
      `tar -c -C ${data} --listed-incremental=${repo}/snar.${level} . | zstd -q -T0 -3 > ${repo}/l${level}.tar.zst`,
    restore: (repo, t) =>
      `mkdir -p ${t} && zstd -q -d -c ${repo}/l0.tar.zst | tar -x --incremental -C ${t} && ` +
      `zstd -q -d -c ${repo}/l1.tar.zst | tar -x --incremental -C ${t}`,
  },
  {
    // Both cores on plain gzip: what a parallel gzip can reach on this machine.
    name: 'tar + pigz -6 (shell pipe)',
    key: 'tarpigz',
    init: (repo) => `mkdir -p ${repo}`,
    backup: (repo, level) =>
      (level > 0 ? `cp ${repo}/snar.0 ${repo}/snar.${level} && ` : '') +
      `tar -c -C ${data} --listed-incremental=${repo}/snar.${level} . | pigz -6 > ${repo}/l${level}.tar.gz`,
    restore: (repo, t) =>
      `mkdir -p ${t} && pigz -d -c ${repo}/l0.tar.gz | tar -x --incremental -C ${t} && ` +
      `pigz -d -c ${repo}/l1.tar.gz | tar -x --incremental -C ${t}`,
  },
];
const tools = allTools.filter((t) => only.includes(t.key));

interface Row {
  tool: BenchTool;
  l0?: Measured;
  l0Stored?: number;
  l1?: Measured;
  l1Stored?: number;
  restore?: Measured;
  error?: string;
}

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

// The agent's own build (code-split: a local backup does not load the remote storage drivers).
if (spawnSync('node', ['build.mjs'], { cwd: join(repoRoot, 'apps/agent'), stdio: 'inherit' }).status !== 0) {
  throw new Error('building the agent failed');
}
mkdirSync(work, { recursive: true });
writeFileSync(passFile, 'bench\n');
log(`dataset: ${sizeMB} MB in ${data}`);
const info = makeDataset(data, sizeMB);
const datasetMB = info.bytes / 1e6;
log(`dataset: ${info.files} files, ${datasetMB.toFixed(0)} MB`);
const rows: Row[] = tools.map((tool) => ({ tool }));
const repoOf = (row: Row): string => join(work, `repo-${row.tool.key}`);

function phase(label: string, fn: (row: Row) => void): void {
  for (const row of rows) {
    if (row.error) continue;
    log(`${label}: ${row.tool.name}`);
    try {
      fn(row);
    } catch (err) {
      row.error = `${label}: ${(err as Error).message.split('\n')[0]}`;
      log(row.error);
    }
  }
}

warmCache(data);
phase('level 0', (row) => {
  rmSync(repoOf(row), { recursive: true, force: true });
  if (row.tool.init) measure(row.tool.init(repoOf(row)), row.tool.env);
  row.l0 = measure(row.tool.backup(repoOf(row), 0), row.tool.env);
  row.l0Stored = duBytes(repoOf(row));
});
mutateDataset(data);
warmCache(data);
phase('level 1', (row) => {
  // Stock timestamps are whole seconds: never two backups of one name in the same second.
  spawnSync('sleep', ['1']);
  row.l1 = measure(row.tool.backup(repoOf(row), 1), row.tool.env);
  row.l1Stored = duBytes(repoOf(row)) - (row.l0Stored ?? 0);
});
phase('restore', (row) => {
  const target = join(work, `restore-${row.tool.key}`);
  rmSync(target, { recursive: true, force: true });
  // The previous row wrote (and deleted) a whole tree: let its writeback finish outside this row's time.
  spawnSync('sync');
  row.restore = measure(row.tool.restore(repoOf(row), target), row.tool.env);
  rmSync(target, { recursive: true, force: true });
});

const fmt = (n: number | undefined, digits = 1): string => (n === undefined ? '-' : n.toFixed(digits));
const mb = (bytes: number | undefined): string => (bytes === undefined ? '-' : (bytes / 1e6).toFixed(1));
const cpu = (m: Measured | undefined): string => fmt(m?.cpuSeconds, 1);
const lines = [
  `Agent benchmark: ${info.files} files, ${datasetMB.toFixed(0)} MB (--size ${sizeMB}), ${new Date().toISOString().slice(0, 10)}, warm cache`,
  '',
  '| tool | L0 s | L0 MB/s | L0 CPU s | L0 peak RSS MB | L0 stored MB | L1 s | L1 CPU s | L1 stored MB | restore s | restore MB/s | restore CPU s | restore peak RSS MB |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
];
for (const r of rows) {
  if (r.error) {
    lines.push(`| ${r.tool.name} | failed: ${r.error} |`);
    continue;
  }
  lines.push(
    `| ${r.tool.name} | ${fmt(r.l0?.seconds, 2)} | ${fmt(datasetMB / (r.l0?.seconds ?? NaN), 0)} | ${cpu(r.l0)} | ${fmt(r.l0?.rssMB, 0)} | ${mb(r.l0Stored)} | ` +
      `${fmt(r.l1?.seconds, 2)} | ${cpu(r.l1)} | ${mb(r.l1Stored)} | ${fmt(r.restore?.seconds, 2)} | ${fmt(datasetMB / (r.restore?.seconds ?? NaN), 0)} | ` +
      `${cpu(r.restore)} | ${fmt(r.restore?.rssMB, 0)} |`,
  );
}
const ratio = (a?: Measured, b?: Measured): string =>
  a && b ? (a.seconds / b.seconds).toFixed(2) + '×' : '-';
/** Their seconds / ours for each phase: > 1 means `ours` is faster. */
function speedups(key: string, versus: string[]): void {
  const ours = rows.find((r) => r.tool.key === key && !r.error);
  if (!ours) return;
  lines.push('', `Speed-up of ${ours.tool.name} over each (their seconds / ours; >1 = we are faster):`, '');
  lines.push('| vs | L0 | L1 | restore |', '|---|---|---|---|');
  for (const r of rows) {
    if (r === ours || r.error || !versus.includes(r.tool.key)) continue;
    lines.push(
      `| ${r.tool.name} | ${ratio(r.l0, ours.l0)} | ${ratio(r.l1, ours.l1)} | ${ratio(r.restore, ours.restore)} |`,
    );
  }
}
speedups('ours-zstd', ['ours-untuned', 'ours-gzip', 'stock', 'restic', 'borg', 'tarzstd', 'tarpigz']);
speedups('ours-gzip', ['stock', 'tarpigz']);

// Encrypted, against restic in this run (targets: time ≤ 0.5×, rsync's stored after level 1 ≤ 1.0×) and
// against what no backup of this tree can beat on this machine.
const readSeconds = readTreeSeconds(data);
const aes = aesGcmMBps();
const floorOf = (key: string): Row | undefined => rows.find((r) => r.tool.key === key && !r.error);
const restic = floorOf('restic');
const tarZstd = floorOf('tarzstd');
const x = (a: number | undefined, b: number | undefined): string =>
  a !== undefined && b !== undefined && b > 0 ? `${(a / b).toFixed(2)}×` : '-';
lines.push(
  '',
  `Floors: reading the tree (tar -c | cat) ${readSeconds.toFixed(2)} s; node AES-256-GCM ${aes.toFixed(0)} MB/s ` +
    `(${(datasetMB / aes).toFixed(2)} s for the tree); tar | zstd -T0 ${fmt(tarZstd?.l0?.seconds, 2)} s ` +
    `(restore ${fmt(tarZstd?.restore?.seconds, 2)} s).`,
  '',
  'Ours against restic (ours / restic; < 1 = ours faster or smaller) and against the floors (ours / floor):',
  '',
  '| ours | L0 vs restic | L1 vs restic | restore vs restic | stored after L1 vs restic | L0 / read floor | L0 / tar\\|zstd | restore / tar\\|zstd | peak RSS MB (L0, restore) |',
  '|---|---|---|---|---|---|---|---|---|',
);
for (const r of rows) {
  if (r.error || !r.tool.key.startsWith('ours-') || !restic) continue;
  const stored = (row: Row): number | undefined =>
    row.l0Stored !== undefined && row.l1Stored !== undefined ? row.l0Stored + row.l1Stored : undefined;
  lines.push(
    `| ${r.tool.name} | ${x(r.l0?.seconds, restic.l0?.seconds)} | ${x(r.l1?.seconds, restic.l1?.seconds)} | ` +
      `${x(r.restore?.seconds, restic.restore?.seconds)} | ${x(stored(r), stored(restic))} | ` +
      `${x(r.l0?.seconds, readSeconds)} | ${x(r.l0?.seconds, tarZstd?.l0?.seconds)} | ` +
      `${x(r.restore?.seconds, tarZstd?.restore?.seconds)} | ${fmt(r.l0?.rssMB, 0)}, ${fmt(r.restore?.rssMB, 0)} |`,
  );
}
process.stdout.write(`${lines.join('\n')}\n`);
