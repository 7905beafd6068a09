import type { CatalogListEntry } from '@freezer/schema';
import { describe, expect, it } from 'vitest';
import {
  breadcrumbs,
  filterEntries,
  isCoveredByFolder,
  isSelected,
  parentPath,
  restorePaths,
  toggleAll,
  toggleSelection,
} from './tree';

const entry = (path: string, type: CatalogListEntry['type'] = 'file'): CatalogListEntry => ({
  name: path.split('/').at(-1) ?? path,
  path,
  type,
  size: 1,
  mtime: 0,
  mode: 0o644,
});

describe('breadcrumbs and parents', () => {
  it('lists the root and every folder down to the path', () => {
    expect(breadcrumbs('docs/2026/q1', '/srv/data')).toEqual([
      { name: '/srv/data', path: '' },
      { name: 'docs', path: 'docs' },
      { name: '2026', path: 'docs/2026' },
      { name: 'q1', path: 'docs/2026/q1' },
    ]);
    expect(breadcrumbs('')).toEqual([{ name: 'root', path: '' }]);
  });

  it('finds the folder holding a path', () => {
    expect(parentPath('docs/2026/q1.txt')).toBe('docs/2026');
    expect(parentPath('top.txt')).toBe('');
    expect(parentPath('')).toBe('');
  });
});

describe('filterEntries', () => {
  const entries = [entry('a/Report.pdf'), entry('a/notes.txt'), entry('a/reports', 'dir')];
  it('keeps names holding the text, case-insensitively', () => {
    expect(filterEntries(entries, 'REPORT').map((e) => e.name)).toEqual(['Report.pdf', 'reports']);
  });
  it('keeps everything for a blank filter and never matches on the folder part of the path', () => {
    expect(filterEntries(entries, '  ')).toHaveLength(3);
    expect(filterEntries(entries, 'a/')).toEqual([]);
  });
});

describe('selection', () => {
  it('ticks and unticks one path', () => {
    const one = toggleSelection(new Set(), 'a/x.txt');
    expect([...one]).toEqual(['a/x.txt']);
    expect([...toggleSelection(one, 'a/x.txt')]).toEqual([]);
  });

  it('a ticked folder covers what is under it, not its siblings with the same prefix', () => {
    const s = new Set(['docs']);
    expect(isSelected(s, 'docs/a/b.txt')).toBe(true);
    expect(isCoveredByFolder(s, 'docs/a/b.txt')).toBe(true);
    expect(isCoveredByFolder(s, 'docs')).toBe(false);
    expect(isSelected(s, 'docs-old/b.txt')).toBe(false);
  });

  it('ticking a folder drops the ticks below it; a covered path cannot be ticked on its own', () => {
    let s = toggleSelection(new Set(), 'docs/a.txt');
    s = toggleSelection(s, 'docs/sub/b.txt');
    s = toggleSelection(s, 'other.txt');
    s = toggleSelection(s, 'docs');
    expect([...s].sort()).toEqual(['docs', 'other.txt']);
    expect([...toggleSelection(s, 'docs/a.txt')].sort()).toEqual(['docs', 'other.txt']);
  });

  it('toggleAll ticks the shown entries, then unticks them, leaving others alone', () => {
    const shown = ['d/a', 'd/b'];
    const ticked = toggleAll(new Set(['z']), shown);
    expect([...ticked].sort()).toEqual(['d/a', 'd/b', 'z']);
    expect([...toggleAll(ticked, shown)]).toEqual(['z']);
    expect([...toggleAll(new Set(['d/a']), shown)].sort()).toEqual(['d/a', 'd/b']);
  });

  it('toggleAll in a folder whose parent is ticked changes nothing', () => {
    const s = new Set(['d']);
    expect([...toggleAll(s, ['d/a', 'd/b'])]).toEqual(['d']);
  });

  it('restorePaths is sorted and names each file once', () => {
    expect(restorePaths(new Set(['b.txt', 'a', 'a/inner.txt']))).toEqual(['a', 'b.txt']);
  });
});
