import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ManifestEntry } from '../src/engines/rsync/entry.js';
import { readManifestFile } from '../src/engines/rsync/manifest-file.js';
import { ManifestWriter } from '../src/engines/rsync/manifest-writer.js';
import { ParentCursor } from '../src/engines/rsync/parent-cursor.js';
import { comparePaths } from '../src/engines/rsync/path-order.js';

// A level >= 1 rsync backup reads its parent's manifest alongside the walk: it holds only the files a
// delta can be made against (by inode, for renames), and the paths it reads past are the deletions.

const dir = mkdtempSync(join(tmpdir(), 'fz-parent-cursor-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const meta = { mode: 0o644, uid: 0, gid: 0, mtimeNs: 0n, ctimeNs: 0n, size: 0n, dev: 0n };

async function manifest(name: string, paths: string[], withSignature: Set<string>): Promise<string> {
  const file = join(dir, name);
  const writer = await ManifestWriter.create(file);
  for (const [ino, text] of paths.entries()) {
    const path = Buffer.from(text);
    const signed = withSignature.has(text);
    const entry: ManifestEntry =
      text === '' || text.endsWith('dir')
        ? { ...meta, ino: BigInt(ino), type: 'dir', path }
        : {
            ...meta,
            ino: BigInt(ino),
            type: 'file',
            path,
            history: [{ level: 0, path }],
            blockSize: signed ? 2048 : 0,
          };
    const patch = await writer.begin(entry);
    const signature = Buffer.alloc(signed ? 16 : 0, 1);
    await writer.write(signature);
    await patch(0n, signature.length);
  }
  await writer.finish();
  return file;
}

describe('the parent manifest read alongside the walk', () => {
  it('finds each path by reading on, reports what the walk passed by as gone, holds only delta bases', async () => {
    const paths = ['', 'a', 'a-dir', 'a-dir/x', 'a-dir/y', 'big', 'c', 'many-dir'];
    for (let i = 0; i < 1000; i++) paths.push(`many-dir/${String(i).padStart(4, '0')}`);
    expect(
      paths
        .map((p) => Buffer.from(p))
        .sort(comparePaths)
        .map(String),
    ).toEqual(paths);
    const file = await manifest('ordered', paths, new Set(['big']));
    const cursor = await ParentCursor.open(file);
    expect(cursor).toBeDefined();
    const c = cursor as ParentCursor;
    const gone: string[] = [];
    c.onGone = (entry) => gone.push(entry.path.toString());
    expect((await c.at(Buffer.from('')))?.entry.type).toBe('dir');
    expect((await c.at(Buffer.from('a-dir/y')))?.entry.path.toString()).toBe('a-dir/y');
    expect(await c.at(Buffer.from('b'))).toBeUndefined();
    expect((await c.at(Buffer.from('big')))?.signatureLength).toBe(16);
    await c.finish();
    expect(gone.slice(0, 3)).toEqual(['a', 'a-dir', 'a-dir/x']);
    expect(gone).toContain('c');
    expect(gone).toHaveLength(1000 + 5);
    expect(c.held).toBe(1);
    expect(c.byInode(BigInt(paths.indexOf('big')))?.entry.path.toString()).toBe('big');
    expect(c.byInode(BigInt(paths.indexOf('c')))).toBeUndefined();
  });

  it('leaves a manifest out of the walk order to the index held whole', async () => {
    const file = await manifest('unordered', ['', 'b', 'a'], new Set());
    expect(await ParentCursor.open(file)).toBeUndefined();
  });
});

describe('the manifest reader', () => {
  it('reads entries across its buffer edges, skips signatures by offset, grows for an entry larger than its buffer', async () => {
    const file = join(dir, 'edges');
    const writer = await ManifestWriter.create(file);
    const written: string[] = [];
    for (let i = 0; i < 4000; i++) {
      const path = Buffer.from(`${String(i).padStart(5, '0')}-${'n'.repeat(i % 200)}`);
      // One file with a history of 1,000 renamed steps (~300 KB: more than the 256 KiB buffer).
      const history =
        i === 2000
          ? Array.from({ length: 1000 }, (_, level) => ({
              level,
              path: Buffer.from(`${level}-${'r'.repeat(290)}`),
            }))
          : [{ level: 0, path }];
      const signed = i % 7 === 0;
      const patch = await writer.begin({
        ...meta,
        ino: BigInt(i),
        type: 'file',
        path,
        history,
        blockSize: signed ? 2048 : 0,
      });
      const signature = Buffer.alloc(signed ? 100_000 : 0, 2);
      await writer.write(signature);
      await patch(BigInt(i), signature.length);
      written.push(path.toString());
    }
    await writer.finish();
    const read: string[] = [];
    for await (const { entry, signatureLength } of readManifestFile(file)) {
      read.push(entry.path.toString());
      expect(entry.size).toBe(BigInt(read.length - 1));
      expect(signatureLength).toBe((read.length - 1) % 7 === 0 ? 100_000 : 0);
      if (read.length - 1 === 2000)
        expect(entry.history?.[999]?.path.toString()).toBe(`999-${'r'.repeat(290)}`);
    }
    expect(read).toEqual(written);
  });
});
