import { createHash } from 'node:crypto';
import { createReadStream, type Stats } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { DRILL_MISMATCH_LIST_MAX, catalogText, type CatalogEntry, type DrillMismatch } from '@freezer/schema';
import type { CatalogState } from '../repository/point-catalog.js';

export interface TreeCheck {
  entriesChecked: number;
  digestsChecked: number;
  mismatchCount: number;
  /** The first DRILL_MISMATCH_LIST_MAX of them. */
  mismatches: DrillMismatch[];
}

function typeOf(st: Stats): CatalogEntry['type'] {
  if (st.isFile()) return 'file';
  if (st.isDirectory()) return 'dir';
  if (st.isSymbolicLink()) return 'symlink';
  return 'other';
}

async function sha256Of(path: Buffer): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Every path below `dir` as the catalog spells it (relative, '/'-separated, bytes that are not UTF-8
 * escaped as the catalog escapes them) → the real path, kept as bytes so names that are not UTF-8 are found.
 */
async function walk(dir: Buffer, prefix = '', out = new Map<string, Buffer>()): Promise<Map<string, Buffer>> {
  for (const entry of await readdir(dir, { withFileTypes: true, encoding: 'buffer' })) {
    const name = catalogText(entry.name);
    const rel = prefix ? `${prefix}/${name}` : name;
    const real = Buffer.concat([dir, Buffer.from('/'), entry.name]);
    out.set(rel, real);
    if (entry.isDirectory()) await walk(real, rel, out);
  }
  return out;
}

/**
 * Checks a restored tree against the catalog state of the point it came from: every entry is there with
 * its type, size, permission bits, mtime (whole seconds: tar keeps no more), link target and — where the
 * catalog holds one — content digest; nothing is there that the catalog does not list.
 */
export async function verifyTree(root: string, state: CatalogState): Promise<TreeCheck> {
  const check: TreeCheck = { entriesChecked: 0, digestsChecked: 0, mismatchCount: 0, mismatches: [] };
  const differ = (m: DrillMismatch): void => {
    check.mismatchCount++;
    if (check.mismatches.length < DRILL_MISMATCH_LIST_MAX) check.mismatches.push(m);
  };
  const restored = await walk(Buffer.from(root));
  for (const [path, want] of state) {
    check.entriesChecked++;
    const real = restored.get(path);
    const st = real ? await lstat(real).catch(() => undefined) : undefined;
    if (!real || !st) {
      differ({ path, field: 'missing' });
      continue;
    }
    // A hard link is restored as one more name of a regular file.
    const wantType = want.type === 'hardlink' ? 'file' : want.type;
    const found = typeOf(st);
    if (found !== wantType) {
      differ({ path, field: 'type', expected: wantType, found });
      continue;
    }
    if (found === 'symlink') {
      const link = catalogText(await readlink(real, { encoding: 'buffer' }));
      if (want.link !== undefined && link !== want.link)
        differ({ path, field: 'link', expected: want.link, found: link });
      continue;
    }
    if (found === 'file' && want.type === 'file' && st.size !== want.size)
      differ({ path, field: 'size', expected: want.size, found: st.size });
    if ((st.mode & 0o7777) !== want.mode)
      differ({ path, field: 'mode', expected: want.mode.toString(8), found: (st.mode & 0o7777).toString(8) });
    if (Math.floor(st.mtimeMs / 1000) !== Math.floor(want.mtime))
      differ({
        path,
        field: 'mtime',
        expected: Math.floor(want.mtime),
        found: Math.floor(st.mtimeMs / 1000),
      });
    if (found === 'file' && want.sha256 !== undefined) {
      check.digestsChecked++;
      const digest = await sha256Of(real);
      if (digest !== want.sha256) differ({ path, field: 'sha256', expected: want.sha256, found: digest });
    }
  }
  for (const path of restored.keys())
    if (!state.has(path)) differ({ path, field: 'unexpected', found: 'present' });
  return check;
}
