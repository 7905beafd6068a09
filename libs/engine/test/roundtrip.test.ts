import {
  appendFileSync,
  existsSync,
  chmodSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgentBackupMetadata } from '@freezer/schema';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBackup, runCli, runRestore, restoreCleanlyAt } from './run-cli.js';
import { allocatedBytes, LONG_NAME, makeTree, p, snapshot, type Entry } from './tree.js';

interface Point {
  level: number;
  timestamp: number;
  tree: Record<string, Entry>;
}

/** Changes between levels: modify, delete, rename (file and dir), mode/mtime-only, type change, hard-link split, additions. */
const MUTATIONS: ((src: string) => void)[] = [
  (src) => {
    appendFileSync(join(src, 'docs/readme.txt'), 'appended\n');
    unlinkSync(join(src, 'empty.txt'));
    renameSync(join(src, 'script.sh'), join(src, 'renamed.sh'));
    mkdirSync(join(src, 'new-empty-dir'));
    writeFileSync(join(src, 'new-file'), 'new in level 1\n');
  },
  (src) => {
    renameSync(join(src, 'docs/deep'), join(src, 'docs/moved-deep'));
    chmodSync(join(src, 'renamed.sh'), 0o700);
    const old = new Date('2020-01-01T00:00:00Z');
    writeFileSync(join(src, 'hard-a'), 'rewritten, but old mtime\n');
    utimesSync(join(src, 'hard-a'), old, old);
    rmSync(join(src, 'empty-dir'), { recursive: true });
    unlinkSync(join(src, 'link-to-readme'));
    writeFileSync(join(src, 'link-to-readme'), 'now a file\n');
  },
  (src) => {
    // Split the hard-link pair: docs/hard-b becomes its own inode with new content.
    unlinkSync(join(src, 'docs/hard-b'));
    writeFileSync(join(src, 'docs/hard-b'), 'split\n');
    linkSync(join(src, 'new-file'), join(src, 'new-file-link'));
    symlinkSync('new-file', join(src, 'new-link'));
    unlinkSync(p(src, LONG_NAME));
    rmSync(join(src, 'private'), { recursive: true });
  },
];

describe('round trip through levels 0→3 (real GNU tar, zstd + AES-256-GCM)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fz-rt-'));
  const src = join(dir, 'src');
  const repo = join(dir, 'repo');
  const pass = join(dir, 'pass');
  const points: Point[] = [];
  const common = ['-C', repo, '--hostname', 'host1', '-N', 'tree', '--encrypt-pass-file', pass];

  beforeAll(async () => {
    writeFileSync(pass, 'correct horse battery staple\nsecond line ignored\n');
    mkdirSync(src);
    makeTree(src);
    for (let level = 0; level <= 3; level++) {
      if (level > 0) MUTATIONS[level - 1]?.(src);
      const tree = snapshot(src);
      const r = await runBackup(src, common, '--max-level', '5', '-M', '64K', '--metadata-out', '-');
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const meta = AgentBackupMetadata.parse(JSON.parse(r.stdout));
      expect(meta.curr_backup_level).toBe(level);
      expect(meta.backup_uuid).toBe(`host1_tree/${meta.level_zero_timestamp}/${level}_${meta.time_stamp}`);
      expect(meta.encryption).toBe('aes-256-gcm');
      expect(meta.bytes_read).toBeGreaterThan(0);
      expect(meta.files).toBeGreaterThan(0);
      points.push({ level, timestamp: meta.time_stamp as number, tree });
    }
  });

  it('generated a tree with every file type and real changes between levels', () => {
    const l0 = (points[0] as Point).tree;
    const types = new Set(Object.values(l0).map((e) => e.type));
    expect(types).toEqual(new Set(['file', 'dir', 'symlink']));
    expect(Object.keys(l0).some((k) => /[\xff]/.test(k))).toBe(true);
    expect(l0['docs/hard-b']?.inode).toBe('docs/hard-b');
    expect(l0['hard-a']?.inode).toBe('docs/hard-b');
    for (let i = 1; i < points.length; i++) expect(points[i]?.tree).not.toEqual(points[i - 1]?.tree);
  });

  it('stores the stock layout and encrypts the tar snapshot', () => {
    const l0 = points[0] as Point;
    const base = join(repo, 'data/tar/host1_tree', String(l0.timestamp), `0_${l0.timestamp}`);
    const snapshotFile = readFileSync(join(base, 'engine_metadata'));
    expect(snapshotFile.includes(Buffer.from('readme.txt'))).toBe(false);
    expect(snapshotFile.includes(Buffer.from('GNU tar'))).toBe(false);
    const record = JSON.parse(
      readFileSync(
        join(repo, 'metadata/tar/host1_tree', String(l0.timestamp), `0_${l0.timestamp}`, 'metadata'),
        'utf8',
      ),
    );
    expect(record).toMatchObject({
      engine_name: 'tar',
      compression: 'zstd',
      encryption: true,
      encryption_format: 'aes-256-gcm',
      level: 0,
    });
    expect(record.segments.length).toBeGreaterThan(1);
  });

  for (let index = 0; index <= 3; index++) {
    it(`restores exactly the tree of level ${index} with --restore-from-date`, async () => {
      const point = points[index] as Point;
      const out = join(dir, `restore-${index}`);
      await restoreCleanlyAt(common, out, point.timestamp);
      expect(snapshot(out)).toEqual(point.tree);
    });
  }

  it('--dry-run restore verifies every level and writes nothing', async () => {
    const out = join(dir, 'dry-run-target');
    const r = await runRestore(common, out, '--dry-run');
    expect(r.code).toBe(0);
    expect(existsSync(out)).toBe(false);
  });

  it('keeps the sparse file sparse', () => {
    expect(allocatedBytes(join(dir, 'restore-0', 'sparse.img'))).toBeLessThan(1024 * 1024);
  });

  it('refuses a non-empty target without --overwrite, and restores into it with --overwrite', async () => {
    const out = join(dir, 'restore-0');
    const refused = await runRestore(common, out);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/not empty: use --overwrite/);
    const ok = await runRestore(common, out, '--overwrite');
    expect(ok.code).toBe(0);
    expect(snapshot(out)).toEqual(points[3]?.tree);
  });

  it('lists every level with info (table and json)', async () => {
    const json = await runCli(['--action', 'info', '-C', repo, '--format', 'json']);
    const rows = JSON.parse(json.stdout) as {
      level: number;
      encrypted: boolean;
      files: number;
      host: string;
      name: string;
    }[];
    expect(rows.map((r) => r.level)).toEqual([0, 1, 2, 3]);
    expect(rows.every((r) => r.encrypted && r.host === 'host1' && r.name === 'tree' && r.files > 0)).toBe(
      true,
    );
    const table = await runCli(['--action', 'info', '-C', repo]);
    expect(table.stdout.split('\n')[0]).toMatch(
      /^NAME\s+HOST\s+LEVEL\s+TIME\s+SIZE\s+FILES\s+ENCRYPTED\s+CATALOG$/,
    );
    expect(table.stdout).toMatch(/tree\s+host1\s+3\s/);
  });
});
