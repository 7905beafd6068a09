// The drill's check of a restored tree against a catalog state: each kind of difference is reported.
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CatalogEntry } from '@freezer/schema';
import { expect, it } from 'vitest';
import { verifyTree } from '../src/drill/verify-tree.js';

const MTIME = 1_600_000_000;

function restoredTree(): { root: string; state: Map<string, CatalogEntry> } {
  const root = mkdtempSync(join(tmpdir(), 'fz-verify-'));
  mkdirSync(join(root, 'd'));
  writeFileSync(join(root, 'd/a.txt'), 'alpha\n');
  writeFileSync(join(root, 'b.txt'), 'bravo\n');
  symlinkSync('d/a.txt', join(root, 'link'));
  for (const p of ['d/a.txt', 'b.txt']) chmodSync(join(root, p), 0o640);
  chmodSync(join(root, 'd'), 0o750);
  for (const p of ['d/a.txt', 'b.txt', 'd']) utimesSync(join(root, p), MTIME, MTIME);
  const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
  const state = new Map<string, CatalogEntry>([
    ['d', { path: 'd', type: 'dir', size: 0, mode: 0o750, mtime: MTIME }],
    [
      'd/a.txt',
      { path: 'd/a.txt', type: 'file', size: 6, mode: 0o640, mtime: MTIME + 0.5, sha256: sha('alpha\n') },
    ],
    ['b.txt', { path: 'b.txt', type: 'file', size: 6, mode: 0o640, mtime: MTIME }],
    ['link', { path: 'link', type: 'symlink', size: 0, mode: 0o777, mtime: MTIME, link: 'd/a.txt' }],
  ]);
  return { root, state };
}

it('a tree that matches its catalog has no mismatch, and digests are checked where the catalog has them', async () => {
  const { root, state } = restoredTree();
  expect(await verifyTree(root, state)).toEqual({
    entriesChecked: 4,
    digestsChecked: 1,
    mismatchCount: 0,
    mismatches: [],
  });
});

it('reports missing, changed and unexpected entries, field by field', async () => {
  const { root, state } = restoredTree();
  writeFileSync(join(root, 'd/a.txt'), 'ALPHA\n'); // same size, other content, new mtime
  utimesSync(join(root, 'd/a.txt'), MTIME, MTIME);
  chmodSync(join(root, 'b.txt'), 0o600);
  writeFileSync(join(root, 'extra'), 'x');
  state.set('gone.txt', { path: 'gone.txt', type: 'file', size: 1, mode: 0o644, mtime: MTIME });
  state.set('link', { path: 'link', type: 'symlink', size: 0, mode: 0o777, mtime: MTIME, link: 'elsewhere' });
  const check = await verifyTree(root, state);
  expect(check.mismatches.map((m) => `${m.path}:${m.field}`).sort()).toEqual([
    'b.txt:mode',
    'd/a.txt:sha256',
    'extra:unexpected',
    'gone.txt:missing',
    'link:link',
  ]);
  expect(check.mismatchCount).toBe(5);
  expect(check.mismatches.find((m) => m.field === 'mode')).toMatchObject({ expected: '640', found: '600' });
});
