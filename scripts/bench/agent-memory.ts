// npm run bench:agent-memory -- [--cases tree,file,files] [--size-mb 10240] [--files 200000]
//   [--engines tar,rsync] [--work DIR] [--agent PATH/TO/bin/freezer-agent.js] [--keep-data]
// Peak RSS of the agent at sizes the CI memory test cannot afford: an encrypted (zstd + AES-256-GCM)
// level 0 backup and its restore, per engine, of a tree made by the agent bench's dataset maker at
// --size-mb (mostly small files, like a real tree) and of one file of that size. Peak RSS is GNU time's
// %M: the largest single process of the run (the launcher, the agent, tar), what memory-peak.test.ts
// samples. A benchmark, not a test: no limit is asserted; the figures go to docs/benchmarks.md.
// Disk: the data, one repository and one restore at a time (~2.7× --size-mb); all removed at the end.
// The `files` case (not in the default list) is per-path state without the byte cost: --files small
// files of 1–2 KB, a level 0, a level 1 after ~1 % of them changed and a few deleted, then a restore
// of the chain (level 0 + level 1), each measured.
import { createCipheriv, createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  openSync,
  readSync,
  readdirSync,
  lstatSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { makeDataset } from './lib/agent-dataset.js';
import { duBytes, measure, type Measured } from './lib/measure.js';
import { stringArg } from './lib/args.js';

const MIB = 1024 * 1024;
const repoRoot = resolve(import.meta.dirname, '../..');
const sizeMB = Number(stringArg('size-mb') ?? '10240');
const cases = (stringArg('cases') ?? 'tree,file').split(',');
const smallFiles = Number(stringArg('files') ?? '200000');
const engines = (stringArg('engines') ?? 'tar,rsync').split(',');
const work = resolve(stringArg('work') ?? '/tmp/freezer-bench-memory');
const agentBin = resolve(stringArg('agent') ?? join(repoRoot, 'apps/agent/bin/freezer-agent.js'));
const keepData = process.argv.includes('--keep-data');

function log(message: string): void {
  process.stderr.write(`[bench-memory ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

const uptime = (): string => spawnSync('uptime', { encoding: 'utf8' }).stdout.trim();

/**
 * One file of `mib` MiB, half random (AES-CTR keystream) and half text in alternate MiB: each 2 MiB
 * compression block is about half compressible, as in the dataset's large files.
 */
function makeFile(path: string, mib: number): void {
  const cipher = createCipheriv('aes-128-ctr', Buffer.alloc(16, 7), Buffer.alloc(16));
  const zeros = Buffer.alloc(MIB);
  const words = 'backup restore level chain segment storage freezer agent zstd block hash key ';
  const text = Buffer.alloc(MIB);
  for (let at = 0, n = 0; at < MIB; n++) at += text.write(`${words}${n}\n`, at);
  const fd = openSync(path, 'w');
  for (let i = 0; i < mib; i++) {
    if (i % 2 === 0) writeSync(fd, cipher.update(zeros));
    else {
      text.write(`block ${i} `, 0);
      writeSync(fd, text);
    }
  }
  closeSync(fd);
}

/** SHA-256 of `length` bytes at `offset` (the restored file is checked by samples: it is too big to hash twice). */
function rangeHash(path: string, offset: number, length: number): string {
  const fd = openSync(path, 'r');
  const buffer = Buffer.allocUnsafe(length);
  const n = readSync(fd, buffer, 0, length, offset);
  closeSync(fd);
  return createHash('sha256').update(buffer.subarray(0, n)).digest('hex');
}

/** Files and bytes below `root`, and a hash of every 1000th file (by walk order) for a cheap comparison. */
function treeSummary(root: string): string {
  let files = 0;
  let bytes = 0;
  const sampled = createHash('sha256');
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const st = lstatSync(path);
      if (st.isDirectory()) walk(path);
      else if (st.isFile()) {
        if (files % 1000 === 0) sampled.update(rangeHash(path, 0, Math.min(st.size, 16 * MIB)));
        files++;
        bytes += st.size;
      }
    }
  };
  walk(root);
  return `${files} files, ${bytes} bytes, samples ${sampled.digest('hex').slice(0, 16)}`;
}

function fileSummary(path: string): string {
  const size = lstatSync(path).size;
  const at = [0, Math.floor(size / 2 / MIB) * MIB, Math.max(0, size - 16 * MIB)];
  return `${size} bytes, ${at.map((o) => rangeHash(path, o, 16 * MIB).slice(0, 12)).join(' ')}`;
}

/** Files per directory of the `files` case. */
const PER_DIR = 100;

/** `count` files of 1–2 KB of text (distinct, so nothing is deduplicated), 100 to a directory. */
function makeSmallFiles(root: string, count: number): { files: number; bytes: number } {
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const dir = join(root, `d${String(Math.floor(i / PER_DIR)).padStart(5, '0')}`);
    if (i % PER_DIR === 0) mkdirSync(dir, { recursive: true });
    const content = smallContent(i, 0);
    writeFileSync(join(dir, `f${String(i % PER_DIR).padStart(3, '0')}.txt`), content);
    bytes += content.length;
  }
  return { files: count, bytes };
}

function smallContent(i: number, version: number): string {
  const line = `file ${i} version ${version}: backup restore level chain segment storage freezer\n`;
  return line.repeat(Math.ceil((1024 + ((i * 7919) % 1024)) / line.length));
}

/** The level 1 change: ~1 % of the files rewritten (a new size and time), 20 deleted. */
function changeSmallFiles(root: string, count: number): void {
  const path = (i: number): string =>
    join(
      root,
      `d${String(Math.floor(i / PER_DIR)).padStart(5, '0')}`,
      `f${String(i % PER_DIR).padStart(3, '0')}.txt`,
    );
  for (let i = 0; i < count; i += 97) writeFileSync(path(i), `${smallContent(i, 1)}changed\n`);
  for (let i = 50; i < count && i < 50 + 20 * 991; i += 991) rmSync(path(i), { force: true });
}

interface Row {
  what: string;
  engine: string;
  backup?: Measured;
  level1?: Measured;
  restore?: Measured;
  storedMB?: number;
  same?: boolean;
  error?: string;
}

mkdirSync(work, { recursive: true });
const pass = join(work, 'pass');
writeFileSync(pass, 'bench\n');
const rows: Row[] = [];
log(`start: ${uptime()}`);
for (const kind of cases) {
  const data = join(work, 'data');
  rmSync(data, { recursive: true, force: true });
  let source: string;
  let what: string;
  let summary: (path: string) => string;
  if (kind === 'files') {
    log(`making ${smallFiles} small files`);
    const info = makeSmallFiles(data, smallFiles);
    what = `${info.files} files of 1–2 KB, ${(info.bytes / 1e6).toFixed(0)} MB`;
    source = data;
    summary = treeSummary;
  } else if (kind === 'tree') {
    log(`making a ${sizeMB} MB tree`);
    const info = makeDataset(data, sizeMB);
    what = `tree, ${(info.bytes / 1e9).toFixed(1)} GB, ${info.files} files`;
    source = data;
    summary = treeSummary;
  } else {
    log(`making a ${sizeMB} MiB file`);
    mkdirSync(data, { recursive: true });
    source = join(data, 'big.bin');
    makeFile(source, sizeMB);
    what = `one file, ${((sizeMB * MIB) / 1e9).toFixed(1)} GB`;
    summary = fileSummary;
  }
  const original = kind === 'files' ? join(work, 'original') : undefined;
  if (original) {
    rmSync(original, { recursive: true, force: true });
    spawnSync('cp', ['-a', data, original]);
  }
  for (const engine of engines) {
    if (original) {
      // Every engine starts from the same level 0 tree (the previous one changed it).
      rmSync(data, { recursive: true, force: true });
      spawnSync('cp', ['-a', original, data]);
    }
    const row: Row = { what, engine };
    rows.push(row);
    const repo = join(work, 'repo');
    const target = join(work, 'restore');
    rmSync(repo, { recursive: true, force: true });
    rmSync(target, { recursive: true, force: true });
    const common = `-C ${repo} -N mem --hostname mem --encrypt-pass-file ${pass}`;
    try {
      log(`${what}: ${engine} backup`);
      row.backup = measure(
        `node ${agentBin} -F ${source} ${common} --engine ${engine} --compression zstd --log-file ${work}/agent.log`,
      );
      if (kind === 'files') {
        changeSmallFiles(data, smallFiles);
        log(`${what}: ${engine} level 1`);
        row.level1 = measure(
          `node ${agentBin} -F ${source} ${common} --engine ${engine} --compression zstd --always-level 1 --log-file ${work}/agent.log`,
        );
      }
      const expected = summary(source);
      row.storedMB = duBytes(repo) / 1e6;
      spawnSync('sync');
      log(`${what}: ${engine} restore`);
      row.restore = measure(
        `node ${agentBin} --action restore ${common} --restore-abs-path ${target} --log-file ${work}/agent.log`,
      );
      const restored = kind !== 'file' ? target : join(target, 'big.bin');
      row.same = summary(restored) === expected;
    } catch (err) {
      row.error = (err as Error).message.split('\n').slice(0, 3).join(' ');
      log(row.error);
    }
    rmSync(repo, { recursive: true, force: true });
    rmSync(target, { recursive: true, force: true });
    log(`${what}: ${engine} done: ${JSON.stringify(row)}`);
  }
  if (!keepData) rmSync(data, { recursive: true, force: true });
  if (original) rmSync(original, { recursive: true, force: true });
}
log(`end: ${uptime()}`);

const f = (n: number | undefined, d = 0): string => (n === undefined ? '-' : n.toFixed(d));
const lines = [
  `Agent peak memory, encrypted (zstd + AES-256-GCM), local storage, ${new Date().toISOString().slice(0, 16)} UTC`,
  '',
  '| data | engine | backup peak RSS MB | backup s | backup CPU s | level 1 peak RSS MB | level 1 s / CPU s | stored MB | restore peak RSS MB | restore s | restore CPU s | restored identical |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
];
for (const r of rows) {
  if (r.error && !r.backup) {
    lines.push(`| ${r.what} | ${r.engine} | failed: ${r.error} |`);
    continue;
  }
  lines.push(
    `| ${r.what} | ${r.engine} | ${f(r.backup?.rssMB)} | ${f(r.backup?.seconds, 1)} | ${f(r.backup?.cpuSeconds, 1)} | ` +
      `${f(r.level1?.rssMB)} | ${r.level1 ? `${f(r.level1.seconds, 1)} / ${f(r.level1.cpuSeconds, 1)}` : '-'} | ` +
      `${f(r.storedMB)} | ${f(r.restore?.rssMB)} | ${f(r.restore?.seconds, 1)} | ${f(r.restore?.cpuSeconds, 1)} | ` +
      `${r.error ? `failed: ${r.error}` : r.same ? 'yes' : 'NO'} |`,
  );
}
process.stdout.write(`${lines.join('\n')}\n`);
