import { createCipheriv, createHash } from 'node:crypto';
import {
  appendFileSync,
  chmodSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  closeSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, restoreCleanlyAt } from './run-cli.js';
import { allocatedBytes, makeTree, snapshot, type Entry } from './tree.js';

// --engine rsync through the CLI: a mixed tree (every file type of the tar round trip, plus a few
// multi-MiB files changed in place, shifted and appended) through levels 0–5, zstd + AES-256-GCM, each
// point restored with --restore-from-date and compared entry by entry.

const MiB = 1024 * 1024;

function noise(seed: number, bytes: number): Buffer {
  const key = createHash('sha256').update(`rsync-tree-${seed}`).digest();
  return createCipheriv('aes-256-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(bytes));
}

function overwriteAt(path: string, offset: number, data: Buffer): void {
  const fd = openSync(path, 'r+');
  writeSync(fd, data, 0, data.length, offset);
  closeSync(fd);
}

function insertAt(path: string, offset: number, data: Buffer): void {
  const old = readFileSync(path);
  writeFileSync(path, Buffer.concat([old.subarray(0, offset), data, old.subarray(offset)]));
}

const LARGE = ['large/disk-a.img', 'large/disk-b.img', 'large/db.dat'];

/** Level n's changes; `changed` is roughly the new bytes in the large files (for the stored-size check). */
const MUTATIONS: { changed: number; apply: (src: string) => void }[] = [
  {
    changed: 64 * 1024 + 4096,
    apply: (src) => {
      overwriteAt(join(src, LARGE[0] as string), 1_000_003, noise(10, 64 * 1024));
      insertAt(join(src, LARGE[1] as string), 0, noise(11, 4096));
      appendFileSync(join(src, 'docs/readme.txt'), 'appended\n');
      unlinkSync(join(src, 'empty.txt'));
      renameSync(join(src, 'script.sh'), join(src, 'renamed.sh'));
    },
  },
  {
    changed: 1024 * 1024,
    apply: (src) => {
      appendFileSync(join(src, LARGE[2] as string), noise(12, MiB));
      // A large file renamed: stored as a delta against its old path.
      renameSync(join(src, LARGE[0] as string), join(src, 'large/disk-a-renamed.img'));
      renameSync(join(src, 'docs/deep'), join(src, 'docs/moved-deep'));
      chmodSync(join(src, 'renamed.sh'), 0o700);
      const old = new Date('2020-01-01T00:00:00Z');
      writeFileSync(join(src, 'hard-a'), 'rewritten, but old mtime\n');
      utimesSync(join(src, 'hard-a'), old, old);
    },
  },
  { changed: 0, apply: () => undefined },
  {
    changed: 2 * 8192,
    apply: (src) => {
      // Two small edits far apart in one file, and a file deleted.
      overwriteAt(join(src, LARGE[1] as string), 100, noise(13, 8192));
      overwriteAt(join(src, LARGE[1] as string), 3 * MiB, noise(14, 8192));
      unlinkSync(join(src, LARGE[2] as string));
      unlinkSync(join(src, 'docs/hard-b'));
      writeFileSync(join(src, 'docs/hard-b'), 'split\n');
      symlinkSync('renamed.sh', join(src, 'new-link'));
      rmSync(join(src, 'empty-dir'), { recursive: true });
    },
  },
  {
    changed: 5 * MiB,
    apply: (src) => {
      // A new large file, and a deleted one back under the old name with other content.
      writeFileSync(join(src, 'large/new.img'), noise(15, 5 * MiB));
      // A range of a file repeated at its front: its delta copies out of order, so restore writes the
      // full copy first and builds this version from it by random access.
      const diskB = join(src, LARGE[1] as string);
      insertAt(diskB, 0, readFileSync(diskB).subarray(2 * MiB, 3 * MiB));
      mkdirSync(join(src, 'added/dir'), { recursive: true });
      writeFileSync(join(src, 'added/dir/small'), 'small\n');
      linkSync(join(src, 'added/dir/small'), join(src, 'added/small-link'));
    },
  },
];

interface Point {
  level: number;
  timestamp: number;
  tree: Record<string, Entry>;
  stored: number;
}

describe('--engine rsync: mixed tree, levels 0-5 (zstd + AES-256-GCM)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fz-rsync-tree-'));
  const src = join(dir, 'src');
  const repo = join(dir, 'repo');
  const pass = join(dir, 'pass');
  const points: Point[] = [];
  const common = [
    '-C',
    repo,
    '--hostname',
    'host1',
    '-N',
    'tree',
    '--encrypt-pass-file',
    pass,
    '--engine',
    'rsync',
  ];

  beforeAll(async () => {
    writeFileSync(pass, 'rsync engine test passphrase\n');
    mkdirSync(src);
    makeTree(src);
    mkdirSync(join(src, 'large'));
    LARGE.forEach((name, i) => writeFileSync(join(src, name), noise(i, (4 + i) * MiB)));
    for (let level = 0; level <= 5; level++) {
      if (level > 0) MUTATIONS[level - 1]?.apply(src);
      const tree = snapshot(src);
      const r = await runCli(['--action', 'backup', '-F', src, '--metadata-out', '-', ...common]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const m = JSON.parse(r.stdout) as {
        curr_backup_level: number;
        time_stamp: number;
        bytes_stored: number;
        engine_name: string;
      };
      expect(m.engine_name).toBe('rsync');
      points.push({ level: m.curr_backup_level, timestamp: m.time_stamp, tree, stored: m.bytes_stored });
      console.log(`rsync tree level ${level}: ${m.bytes_stored} bytes stored`);
    }
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('makes levels 0 to 5 in one chain, under metadata/rsync', () => {
    expect(points.map((p) => p.level)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(
      readFileSync(
        join(
          repo,
          'metadata/rsync/host1_tree',
          String(points[0]?.timestamp),
          '0_' + points[0]?.timestamp,
          'metadata',
        ),
        'utf8',
      ),
    ).toContain('"engine_name":"rsync"');
  });

  it('stores changed blocks, not changed files: each level is near its change plus the signatures', () => {
    const signatures = 21 * Math.ceil((18 * MiB) / 2048) + 64 * 1024;
    for (let level = 1; level <= 5; level++) {
      const change = MUTATIONS[level - 1]?.changed ?? 0;
      // Each small change costs at most a block or two around it (2-4 KiB blocks at these sizes).
      expect(points[level]?.stored).toBeLessThan(2 * change + 64 * 1024 + signatures);
    }
    expect(points[0]?.stored).toBeGreaterThan(15 * MiB);
  });

  it('level 3 changed nothing: it read no byte, every file carried over on its metadata alone', () => {
    const at = (level: number): string =>
      join(
        repo,
        'metadata/rsync/host1_tree',
        String(points[0]?.timestamp),
        `${level}_${points[level]?.timestamp}`,
        'metadata',
      );
    const record = JSON.parse(readFileSync(at(3), 'utf8')) as {
      bytes_read: number;
      files: number;
      rsync: { whole_files: number; delta_files: number; unchanged_files: number };
    };
    expect(record.bytes_read).toBe(0);
    expect(record.rsync.whole_files + record.rsync.delta_files).toBe(0);
    expect(record.rsync.unchanged_files).toBe(record.files);
    expect(record.files).toBeGreaterThan(5);
  });

  for (let index = 0; index <= 5; index++) {
    it(`restores exactly the tree of level ${index} with --restore-from-date`, async () => {
      const point = points[index] as Point;
      const out = join(dir, `out-${index}`);
      await restoreCleanlyAt(common, out, point.timestamp);
      expect(snapshot(out)).toEqual(point.tree);
      if (point.tree['sparse.img']) expect(allocatedBytes(join(out, 'sparse.img'))).toBeLessThan(1024 * 1024);
    });
  }

  it('restores with only the levels that hold needed data (level 3 changed nothing and is not read)', async () => {
    const out = join(dir, 'out-skip');
    const r = await runCli(['--action', 'restore', '--restore-abs-path', out, '--verbose', ...common]);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/from level 3_/);
    expect(r.stderr).toMatch(/from level 4_/);
    expect(r.stderr).toMatch(/hold nothing needed/);
  });

  it('without --engine, restore finds the rsync points; a wrong passphrase fails before writing', async () => {
    const plain = common.filter((a) => a !== '--engine' && a !== 'rsync');
    const out = join(dir, 'out-auto');
    const r = await runCli(['--action', 'restore', '--restore-abs-path', out, ...plain]);
    expect(r.code).toBe(0);
    expect(snapshot(out)).toEqual(points[5]?.tree);
    const wrong = join(dir, 'wrong');
    writeFileSync(wrong, 'not it\n');
    const bad = await runCli([
      '--action',
      'restore',
      '--restore-abs-path',
      join(dir, 'out-wrong'),
      ...plain.map((a) => (a === pass ? wrong : a)),
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/nothing was restored/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});
