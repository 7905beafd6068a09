import { createHash, randomFillSync } from 'node:crypto';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startAgent, type CliResult } from './storage-cli.js';

const MIB = 1024 * 1024;
/** The whole backup, 2 GiB: big enough that anything kept per block or per segment would show. */
const DATA_MIB = 2048;
/**
 * Peak resident memory (MB) of any one process of the agent (the agent, tar), per engine and phase:
 * the 96 MB. The agent runs as one process with glibc's and Node's defaults (no allocator
 * setting; V8's heap kept small at run time). Measured with 2 GiB on 2026-12-08 01:14 (2 cores,
 * load ~1.3): tar 74 backup / 76 restore, rsync 81 / 83. Node and the loaded bundle are ~57 MB; the
 * rest is the scrypt table (8 MiB, in pages), one 8 MiB segment buffer, the 2 MiB blocks and zstd's
 * context and pooled outputs, and V8's heap.
 */
const LIMIT_MB: Record<string, { backup: number; restore: number }> = {
  tar: { backup: 96, restore: 96 },
  rsync: { backup: 96, restore: 96 },
};

/**
 * DATA_MIB of compressible-but-not-trivial files, made fast: each MiB is half random bytes (one of 64
 * pieces, so they do not repeat within a 2 MiB compression block) and half numbered text.
 */
function makeData(root: string): void {
  const pieces = Array.from({ length: 64 }, () => randomFillSync(Buffer.allocUnsafe(MIB / 2)));
  const mib = Buffer.allocUnsafe(MIB);
  const files = [...Array(8).keys()].map((i) => ({ dir: `d${i % 3}`, mib: DATA_MIB / 16 }));
  files.push({ dir: 'big', mib: DATA_MIB / 2 });
  let n = 0;
  for (const [i, f] of files.entries()) {
    mkdirSync(join(root, f.dir), { recursive: true });
    const fd = openSync(join(root, f.dir, `file-${i}.bin`), 'w');
    for (let m = 0; m < f.mib; m++, n++) {
      (pieces[(n * 7) % pieces.length] as Buffer).copy(mib, 0);
      mib.write(`line ${n} of the memory test, nothing else repeats it exactly\n`.repeat(8192), MIB / 2);
      writeSync(fd, mib);
    }
    closeSync(fd);
  }
}

/** SHA-256 of a file, read a MiB at a time (the files are too big to read whole). */
function fileHash(path: string): string {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(MIB);
  const fd = openSync(path, 'r');
  for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer)) hash.update(buffer.subarray(0, n));
  closeSync(fd);
  return hash.digest('hex');
}

/** The largest VmHWM (peak RSS) of `pid` and its descendants, read from /proc, in MB. */
function treePeakMB(pid: number, seen: Map<number, number>): void {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  seen.set(pid, Math.max(seen.get(pid) ?? 0, kb / 1024));
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
    for (const child of children ? children.split(' ') : []) {
      try {
        treePeakMB(Number(child), seen);
      } catch {
        // It ended between the listing and the read.
      }
    }
  }
}

/** Runs the agent with `args`, sampling its process tree's peak RSS until it ends. */
async function peakOf(args: string[]): Promise<{ result: CliResult; peakMB: number }> {
  const running = startAgent(args);
  const seen = new Map<number, number>();
  const sample = (): void => {
    try {
      treePeakMB(running.pid, seen);
    } catch {
      // Not started yet, or ended.
    }
  };
  const timer = setInterval(sample, 25);
  const result = await running.done;
  clearInterval(timer);
  return { result, peakMB: Math.max(0, ...seen.values()) };
}

describe(`peak memory of a ${DATA_MIB} MiB backup and restore (encrypted, local storage)`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'fz-memory-'));
  const data = join(dir, 'data');
  const pass = join(dir, 'pass');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const engine of ['tar', 'rsync']) {
    const limit = LIMIT_MB[engine] as { backup: number; restore: number };
    it(`${engine} engine: backup under ${limit.backup} MB, restore under ${limit.restore} MB`, async () => {
      if (engine === 'tar') {
        makeData(data);
        writeFileSync(pass, 'memory\n');
      }
      const common = [
        '-C',
        join(dir, `repo-${engine}`),
        '--hostname',
        'm',
        '-N',
        engine,
        '--encrypt-pass-file',
        pass,
      ];
      const backup = await peakOf(['-F', data, '--engine', engine, '--compression', 'zstd', ...common]);
      expect(backup.result.stderr).toBe('');
      expect(backup.result.code).toBe(0);
      const out = join(dir, `out-${engine}`);
      const restore = await peakOf(['--action', 'restore', ...common, '--restore-abs-path', out]);
      expect(restore.result.code).toBe(0);
      for (const file of ['big/file-8.bin', 'd1/file-4.bin'])
        expect(fileHash(join(out, file))).toBe(fileHash(join(data, file)));
      rmSync(out, { recursive: true, force: true });
      // The figures, for the log of the run: the limit is the test, these say how close they came.
      process.stderr.write(
        `memory-peak ${engine}: backup ${backup.peakMB.toFixed(0)} MB, restore ${restore.peakMB.toFixed(0)} MB\n`,
      );
      expect(backup.peakMB, `backup peak ${backup.peakMB.toFixed(0)} MB`).toBeLessThanOrEqual(limit.backup);
      expect(restore.peakMB, `restore peak ${restore.peakMB.toFixed(0)} MB`).toBeLessThanOrEqual(
        limit.restore,
      );
    }, 600_000);
  }
});
