import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRestore } from './run-cli.js';
import { craftTar, writeStockPoint } from './stock-points.js';

type Member = Parameters<typeof craftTar>[0][number];

/** Restores a one-level stock-format backup holding `members` into <dir>/jail/target. */
async function restoreCrafted(members: Member[]) {
  const dir = mkdtempSync(join(tmpdir(), 'fz-jail-'));
  const repo = join(dir, 'repo');
  const jail = join(dir, 'jail');
  mkdirSync(jail);
  writeStockPoint(repo, 'h_evil', 1700000000, 0, 1700000000, craftTar(members));
  const target = join(jail, 'target');
  const r = await runRestore(['-C', repo, '--hostname', 'h', '-N', 'evil'], target);
  return { ...r, dir, jail, target };
}

describe('path safety: archive members never write outside --restore-abs-path', () => {
  it('a member with ..', async () => {
    const r = await restoreCrafted([
      { name: 'ok.txt', type: 'file', data: 'fine' },
      { name: '../escaped.txt', type: 'file', data: 'evil' },
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/refusing archive member "\.\.\/escaped\.txt"/);
    expect(readdirSync(r.jail)).toEqual(['target']);
    expect(readdirSync(r.target)).toEqual([]);
  });

  it('an absolute member name', async () => {
    const outside = join(mkdtempSync(join(tmpdir(), 'fz-outside-')), 'abs.txt');
    const r = await restoreCrafted([{ name: outside, type: 'file', data: 'evil' }]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/refusing archive member/);
    expect(existsSync(outside)).toBe(false);
  });

  it('a symlink to the outside followed by a member below it', async () => {
    const outsideDir = mkdtempSync(join(tmpdir(), 'fz-outside-'));
    const r = await restoreCrafted([
      { name: 'lnk', type: 'symlink', target: outsideDir },
      { name: 'lnk/planted.txt', type: 'file', data: 'evil' },
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/goes through the symlink "lnk"/);
    expect(readdirSync(outsideDir)).toEqual([]);
  });

  it('a hard link to a file outside', async () => {
    const secretDir = mkdtempSync(join(tmpdir(), 'fz-outside-'));
    writeFileSync(join(secretDir, 'secret'), 'do not touch');
    const r = await restoreCrafted([
      { name: 'grab', type: 'hardlink', target: '../../../../../../..' + join(secretDir, 'secret') },
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/refusing hard link/);
    expect(existsSync(join(r.target, 'grab'))).toBe(false);
  });

  it('a harmless crafted archive restores (the guard is not over-eager)', async () => {
    const r = await restoreCrafted([
      { name: 'dir/a.txt', type: 'file', data: 'a' },
      { name: 'abs-link', type: 'symlink', target: '/etc/passwd' },
      { name: 'dir/b.txt', type: 'hardlink', target: 'dir/a.txt' },
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readdirSync(r.target).sort()).toEqual(['abs-link', 'dir']);
  });
});
