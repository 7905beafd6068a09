import { createHash } from 'node:crypto';
import {
  closeSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  utimesSync,
  writeSync,
  chmodSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

/** Paths are Buffers so that non-UTF-8 names survive; `p` joins them. */
export const p = (...parts: (string | Buffer)[]): Buffer =>
  Buffer.from(join(...parts.map((x) => (typeof x === 'string' ? x : x.toString('latin1')))), 'latin1');

export const NON_UTF8 = Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0xff, 0xfe, 0x2d, 0xe9]); // "name\xff\xfe-\xe9"
export const LONG_NAME = `long-${'x'.repeat(180)}.txt`;
const OLD = new Date('2021-03-04T05:06:07Z');

function write(path: Buffer, data: string | Buffer, mode = 0o644, mtime = OLD): void {
  writeFileSync(path, data);
  chmodSync(path, mode);
  utimesSync(path, mtime, mtime);
}

function pseudoRandom(bytes: number, seed: number): Buffer {
  const out = Buffer.alloc(bytes);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < bytes; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** Every file type the agent must keep: regular, empty, dirs, empty dirs, symlinks, hard links, sparse, long and non-UTF-8 names, modes, mtimes. */
export function makeTree(root: string): void {
  const r = Buffer.from(root);
  mkdirSync(p(root, 'docs/deep/deeper'), { recursive: true });
  mkdirSync(p(root, 'empty-dir'));
  mkdirSync(p(root, 'private'), { mode: 0o700 });
  write(p(root, 'docs/readme.txt'), 'hello\n'.repeat(1000));
  write(p(root, 'docs/deep/deeper/data.bin'), pseudoRandom(300_000, 7), 0o600);
  write(p(root, 'empty.txt'), '', 0o640);
  write(p(root, 'script.sh'), '#!/bin/sh\necho hi\n', 0o755);
  write(p(root, 'private/secret'), 'top secret', 0o400);
  write(p(root, LONG_NAME), 'long name\n');
  mkdirSync(p(root, 'd'.repeat(120)));
  write(p(root, 'd'.repeat(120), 'e'.repeat(150)), 'long path\n');
  write(Buffer.concat([r, Buffer.from('/'), NON_UTF8]), 'latin1 name\n');
  write(p(root, "with space & quote's.txt"), 'odd name\n');
  symlinkSync('docs/readme.txt', p(root, 'link-to-readme'));
  symlinkSync('/nonexistent/target', p(root, 'dangling-abs'));
  symlinkSync('deep', p(root, 'docs/link-dir'));
  write(p(root, 'hard-a'), 'shared inode\n');
  linkSync(p(root, 'hard-a'), p(root, 'docs/hard-b'));
  const sparse = openSync(p(root, 'sparse.img'), 'w');
  writeSync(sparse, Buffer.from('start'), 0, 5, 0);
  writeSync(sparse, Buffer.from('end'), 0, 3, 20 * 1024 * 1024);
  closeSync(sparse);
  utimesSync(p(root, 'sparse.img'), OLD, OLD);
  utimesSync(p(root, 'empty-dir'), OLD, OLD);
}

export interface Entry {
  type: 'file' | 'dir' | 'symlink' | 'other';
  mode: number;
  uid: number;
  gid: number;
  mtime?: number;
  size?: number;
  sha256?: string;
  target?: string;
  /** Hard-link group: the first path (in sorted order) of the inode. */
  inode?: string;
}

/** A comparable picture of a tree: every entry's type, mode, owner, mtime (s), content hash, link target, hard-link group. */
export function snapshot(root: string): Record<string, Entry> {
  const out: Record<string, Entry> = {};
  const inodes = new Map<string, string>();
  const walk = (rel: Buffer): void => {
    const abs = rel.length ? p(root, rel) : Buffer.from(root);
    const names = (readdirSync(abs, { encoding: 'buffer' }) as Buffer[]).sort(Buffer.compare);
    for (const name of names) {
      const childRel = rel.length ? Buffer.concat([rel, Buffer.from('/'), name]) : name;
      const full = p(root, childRel);
      const st = lstatSync(full);
      const key = childRel.toString('latin1');
      const entry: Entry = { type: 'other', mode: st.mode & 0o7777, uid: st.uid, gid: st.gid };
      if (st.isDirectory()) {
        entry.type = 'dir';
        entry.mtime = Math.floor(st.mtimeMs / 1000);
      } else if (st.isSymbolicLink()) {
        entry.type = 'symlink';
        entry.target = readlinkSync(full, { encoding: 'buffer' }).toString('latin1');
      } else if (st.isFile()) {
        entry.type = 'file';
        entry.size = st.size;
        entry.mtime = Math.floor(st.mtimeMs / 1000);
        entry.sha256 = createHash('sha256').update(readFileSync(full)).digest('hex');
        const id = `${st.dev}:${st.ino}`;
        if (!inodes.has(id)) inodes.set(id, key);
        entry.inode = inodes.get(id);
      }
      out[key] = entry;
      if (st.isDirectory()) walk(childRel);
    }
  };
  walk(Buffer.alloc(0));
  return out;
}

export function allocatedBytes(path: string): number {
  return lstatSync(path).blocks * 512;
}
