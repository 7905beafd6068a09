import {
  appendFileSync,
  chmodSync,
  existsSync,
  lstatSync,
  symlinkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CatalogHeader, CatalogRecord, catalogBytes, type CatalogEntry } from '@freezer/schema';
import { beforeAll, describe, expect, it } from 'vitest';
import { isoDate, runBackup, runCli, runRestore } from './run-cli.js';
import { makeTree, NON_UTF8, snapshot, type Entry } from './tree.js';

/** Between levels: change, delete, rename a file and a directory (its files are not re-archived), add. */
const CHANGES: ((src: string) => void)[] = [
  (src) => {
    appendFileSync(join(src, 'docs/readme.txt'), 'appended\n');
    unlinkSync(join(src, 'empty.txt'));
    renameSync(join(src, 'script.sh'), join(src, 'renamed.sh'));
    writeFileSync(join(src, 'new-file'), 'new in level 1\n');
    writeFileSync(join(src, 'docs/deep/direct.txt'), 'directly in the directory renamed next\n');
    // A directory whose mode changed is listed again (its mtime alone may not move within a second).
    chmodSync(join(src, 'docs/deep'), 0o750);
    // A large file changed a little: the rsync engine stores a delta against level 0.
    appendFileSync(join(src, 'docs/deep/deeper/data.bin'), 'one more line\n');
  },
  (src) => {
    renameSync(join(src, 'docs/deep'), join(src, 'docs/moved-deep'));
    rmSync(join(src, 'empty-dir'), { recursive: true });
    writeFileSync(join(src, 'docs/added.txt'), 'added in level 2\n');
  },
  (src) => {
    unlinkSync(join(src, 'docs/hard-b'));
    writeFileSync(join(src, 'docs/hard-b'), 'split\n');
    rmSync(join(src, 'private'), { recursive: true });
    mkdirSync(join(src, 'docs/moved-deep/newer'));
    writeFileSync(join(src, 'docs/moved-deep/newer/x.txt'), 'in a renamed dir\n');
  },
];

interface Point {
  level: number;
  timestamp: number;
  tree: Record<string, Entry>;
  catalog: Buffer;
}

/** The catalog's merged state at each point, as `snapshot` keys (latin1 of the name's bytes). */
function mergeChain(catalogs: Buffer[]): Map<string, CatalogEntry> {
  const state = new Map<string, CatalogEntry>();
  for (const ndjson of catalogs) {
    const lines = ndjson.toString('utf8').trim().split('\n');
    CatalogHeader.parse(JSON.parse(lines[0] as string));
    for (const line of lines.slice(1)) {
      const record = CatalogRecord.parse(JSON.parse(line));
      if ('deleted' in record) state.delete(record.path);
      else state.set(record.path, record);
    }
  }
  return state;
}

/** A catalog path as a `snapshot` key: the latin1 of the name's bytes (not UTF-8 ones included). */
const key = (path: string): string => Buffer.from(catalogBytes(path)).toString('latin1');
const nonUtf8Key = NON_UTF8.toString('latin1');

/** What the catalog must say about a tree: type, mode, size and mtime of files, symlink targets. */
function expectStateMatches(state: Map<string, CatalogEntry>, tree: Record<string, Entry>): void {
  const keys = new Set([...state.keys()].map(key));
  expect(keys.has(nonUtf8Key)).toBe(true);
  expect([...keys].sort()).toEqual(Object.keys(tree).sort());
  for (const [path, entry] of state) {
    const want = tree[key(path)];
    if (!want) continue;
    const resolved = entry.type === 'hardlink' ? state.get(entry.link ?? '') : entry;
    expect({ path, type: resolved?.type === 'file' ? 'file' : entry.type }).toEqual({
      path,
      type: want.type,
    });
    expect({ path, mode: resolved?.mode }).toEqual({ path, mode: want.mode });
    if (want.type === 'file') {
      expect({ path, size: resolved?.size, mtime: Math.floor(resolved?.mtime ?? -1) }).toEqual({
        path,
        size: want.size,
        mtime: want.mtime,
      });
    }
    if (want.type === 'symlink') expect(entry.link).toBe(want.target);
  }
}

/** Every file and directory below `root` (relative paths), to prove nothing else was written. */
function listAll(root: string, rel = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, rel))) {
    const child = rel ? `${rel}/${name}` : name;
    out.push(child);
    if (snapshotType(join(root, child)) === 'dir') out.push(...listAll(root, child));
  }
  return out.sort();
}

function snapshotType(path: string): string {
  try {
    return readdirSync(path) && 'dir';
  } catch {
    return 'other';
  }
}

const VARIANTS = [
  { engine: 'tar', compression: 'zstd', encryption: 'aes-256-gcm' },
  { engine: 'tar', compression: 'gzip', encryption: 'openssl' },
  { engine: 'rsync', compression: 'zstd', encryption: 'aes-256-gcm' },
  { engine: 'rsync', compression: 'gzip', encryption: 'openssl' },
] as const;

for (const variant of VARIANTS) {
  describe(`file catalog and selection restore (${variant.engine}, ${variant.compression} + ${variant.encryption})`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'fz-cat-'));
    const src = join(dir, 'src');
    const repo = join(dir, 'repo');
    const pass = join(dir, 'pass');
    const points: Point[] = [];
    const common = ['-C', repo, '--hostname', 'host1', '-N', 'tree', '--encrypt-pass-file', pass];

    beforeAll(async () => {
      writeFileSync(pass, 'catalog secret\n');
      mkdirSync(src);
      makeTree(src);
      for (let level = 0; level <= 3; level++) {
        if (level > 0) CHANGES[level - 1]?.(src);
        const tree = snapshot(src);
        const catalogOut = join(dir, `catalog-${level}.ndjson`);
        const r = await runBackup(
          src,
          common,
          '--compression',
          variant.compression,
          '--encryption-format',
          variant.encryption,
          '--engine',
          variant.engine,
          '--max-level',
          '5',
          '-M',
          '64K',
          '--metadata-out',
          '-',
          '--catalog-out',
          catalogOut,
        );
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        const meta = JSON.parse(r.stdout) as { curr_backup_level: number; time_stamp: number };
        expect(meta.curr_backup_level).toBe(level);
        points.push({ level, timestamp: meta.time_stamp, tree, catalog: readFileSync(catalogOut) });
      }
    }, 120_000);

    it('writes a catalog whose merged state at every point equals the tree as it was then', () => {
      for (let level = 0; level <= 3; level++) {
        const state = mergeChain(points.slice(0, level + 1).map((p) => p.catalog));
        expectStateMatches(state, (points[level] as Point).tree);
      }
      // Incremental points list only what changed, and the deletions.
      const l1 = (points[1] as Point).catalog.toString('utf8');
      expect(l1).toContain('{"path":"empty.txt","deleted":true}');
      expect(l1).toContain('{"path":"script.sh","deleted":true}');
      expect(l1).not.toContain('"path":"private/secret"');
      // Unchanged directories are not listed again (GNU tar archives every directory at every level).
      expect(l1).not.toContain('"path":"private",');
      expect(l1).not.toContain('"path":"docs/deep/deeper",');
      expect(l1).toContain('"path":"docs/deep","type":"dir"');
      const l2 = (points[2] as Point).catalog.toString('utf8');
      expect(l2).toContain('"path":"docs/moved-deep/deeper/data.bin"');
      expect(l2).toContain('{"path":"docs/deep/deeper/data.bin","deleted":true}');
      // GNU tar does not archive an unchanged file again when only its directory was renamed: the
      // catalog carries it over under the new name, its data still in level 1's stream.
      const moved = l2
        .split('\n')
        .filter((l) => l.includes('"path":"docs/moved-deep/direct.txt"'))
        .map((l) => CatalogRecord.parse(JSON.parse(l)) as CatalogEntry);
      expect(moved).toHaveLength(1);
      if (variant.engine === 'tar') expect(moved[0]?.loc?.level).toBe(1);
    });

    it('stores the catalog encrypted: no file name in its bytes', () => {
      const l0 = points[0] as Point;
      const base = join(repo, `data/${variant.engine}/host1_tree`, String(l0.timestamp), `0_${l0.timestamp}`);
      const stored = readFileSync(join(base, 'catalog'));
      expect(stored.length).toBeGreaterThan(0);
      expect(stored.includes(Buffer.from('readme.txt'))).toBe(false);
      expect(stored.includes(Buffer.from('"path"'))).toBe(false);
      expect(l0.catalog.includes(Buffer.from('readme.txt'))).toBe(true);
    });

    for (let index = 0; index <= 3; index++) {
      it(`restores one file and one folder of level ${index}, byte-identical, writing nothing else`, async () => {
        const point = points[index] as Point;
        const folder = index >= 2 ? 'docs/moved-deep' : 'docs/deep';
        for (const selection of ['docs/readme.txt', folder]) {
          const out = join(dir, `sel-${index}-${selection.replace(/\//g, '_')}`);
          const r = await runRestore(
            common,
            out,
            '--restore-from-date',
            isoDate(point.timestamp),
            '--restore-paths',
            selection,
            '--metadata-out',
            '-',
          );
          expect(r.stderr).toBe('');
          expect(r.code).toBe(0);
          const report = JSON.parse(r.stdout) as { bytes_read_from_storage: number; files: number };
          expect(report.bytes_read_from_storage).toBeGreaterThan(0);
          const expected = Object.keys(point.tree).filter(
            (k) => k === selection || k.startsWith(`${selection}/`) || selection.startsWith(`${k}/`),
          );
          expect(listAll(out)).toEqual(expected.sort());
          const got = snapshot(out);
          for (const k of expected) {
            const want = point.tree[k] as Entry;
            if (want.type === 'dir' && selection.startsWith(`${k}/`)) continue; // a parent made on the way
            expect({ k, ...got[k], inode: undefined }).toEqual({ k, ...want, inode: undefined });
          }
        }
      });
    }

    it('restores a glob, a hard link whose target is not selected, a symlink and a sparse file', async () => {
      const out = join(dir, 'sel-glob');
      const r = await runRestore(
        common,
        out,
        '--restore-paths',
        'docs/*.txt,hard-a',
        '--restore-paths',
        'link-to-readme',
        '--restore-paths',
        'sparse.img',
      );
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const tree = (points[3] as Point).tree;
      const got = snapshot(out);
      for (const k of ['docs/readme.txt', 'docs/added.txt', 'hard-a', 'link-to-readme', 'sparse.img']) {
        expect({ k, ...got[k], inode: undefined }).toEqual({ k, ...tree[k], inode: undefined });
      }
      expect(listAll(out)).toEqual(
        ['docs', 'docs/added.txt', 'docs/readme.txt', 'hard-a', 'link-to-readme', 'sparse.img'].sort(),
      );
    });

    it('restores a name that is not UTF-8 with its own bytes, named as it reads (U+FFFD) or by a glob', async () => {
      const tree = (points[3] as Point).tree;
      for (const [i, selection] of ['name\ufffd\ufffd-\ufffd', 'name?*'].entries()) {
        const out = join(dir, `sel-raw-${i}`);
        const r = await runRestore(common, out, '--restore-paths', selection);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        const got = snapshot(out);
        expect(Object.keys(got)).toEqual([nonUtf8Key]);
        expect({ ...got[nonUtf8Key], inode: undefined }).toEqual({ ...tree[nonUtf8Key], inode: undefined });
      }
    });

    it('refuses a selection that names nothing, and one that leaves the restore root', async () => {
      const out = join(dir, 'sel-refused');
      const none = await runRestore(common, out, '--restore-paths', 'docs/nope.txt');
      expect(none.code).toBe(1);
      expect(none.stderr.trim().split('\n')).toHaveLength(1);
      expect(none.stderr).toMatch(/nothing in this backup point matches "docs\/nope.txt"/);
      for (const escaping of ['../etc/passwd', '/etc/passwd', 'docs/../../x']) {
        const r = await runRestore(common, out, '--restore-paths', escaping);
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(/must be a path inside the backup/);
      }
      expect(existsSync(out)).toBe(false);
    });

    it('never writes through a symlink already in the target (--overwrite)', async () => {
      const out = join(dir, 'sel-planted');
      const elsewhere = join(dir, 'elsewhere');
      mkdirSync(out);
      mkdirSync(elsewhere);
      symlinkSync(elsewhere, join(out, 'docs'));
      const r = await runRestore(common, out, '--overwrite', '--restore-paths', 'docs/readme.txt');
      expect(readdirSync(elsewhere)).toEqual([]);
      if (r.code === 0) {
        // Replaced by a real directory (the rsync engine's --overwrite rule), the file inside the target.
        expect(lstatSync(join(out, 'docs')).isDirectory()).toBe(true);
        expect(readFileSync(join(out, 'docs/readme.txt')).length).toBeGreaterThan(0);
      } else {
        expect(r.stderr).toMatch(/goes through the symlink/);
      }
    });

    it('fails cleanly on damaged data under the selection, leaving an empty target as it was', async () => {
      const l0 = points[0] as Point;
      const state = mergeChain([l0.catalog]);
      const loc = state.get('docs/readme.txt')?.loc;
      expect(loc).toBeDefined();
      const file = join(
        repo,
        `data/${variant.engine}/host1_tree`,
        String(l0.timestamp),
        `0_${l0.timestamp}`,
        'data',
      );
      const bytes = readFileSync(file);
      const segmentSize = 64 * 1024;
      const at = (loc?.segment ?? 0) * segmentSize + (loc?.offset ?? 0) + 100;
      const flipped = Buffer.from(bytes);
      flipped[at] = (flipped[at] as number) ^ 0xff;
      writeFileSync(file, flipped);
      try {
        const out = join(dir, 'sel-damaged');
        const r = await runRestore(
          common,
          out,
          '--restore-from-date',
          isoDate(l0.timestamp),
          '--restore-paths',
          'docs',
        );
        expect(r.code).toBe(1);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
      } finally {
        writeFileSync(file, bytes);
      }
    });

    it('one scrypt salt for the whole chain (aes-256-gcm): a reader derives the key once', () => {
      const salts = new Set<string | undefined>();
      for (const point of points) {
        const record = JSON.parse(
          readFileSync(
            join(
              repo,
              `metadata/${variant.engine}/host1_tree`,
              String((points[0] as Point).timestamp),
              `${point.level}_${point.timestamp}`,
              'metadata',
            ),
            'utf8',
          ),
        ) as { stream: { kdf?: { salt: string } }; catalog: { stream: { kdf?: { salt: string } } } };
        salts.add(record.stream.kdf?.salt);
        salts.add(record.catalog.stream.kdf?.salt);
      }
      expect([...salts]).toHaveLength(1);
      if (variant.encryption === 'aes-256-gcm') expect([...salts][0]).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      else expect([...salts][0]).toBeUndefined();
    });

    it('info shows each point with its catalog', async () => {
      const r = await runCli(['--action', 'info', '-C', repo, '--format', 'json']);
      const rows = JSON.parse(r.stdout) as { catalog_entries: number | null }[];
      expect(rows).toHaveLength(4);
      for (const row of rows) expect(row.catalog_entries).toBeGreaterThan(0);
    });
  });
}
