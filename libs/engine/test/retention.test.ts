import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Chain } from '../src/repository/catalog.js';
import { planRetention } from '@freezer/schema';
import { runCli, runRestore } from './run-cli.js';
import { craftTar, writeStockPoint } from './stock-points.js';

const DAY = 86400;
const now = Math.floor(Date.now() / 1000);
const ago = (days: number): number => now - Math.round(days * DAY);

function chain(points: [level: number, daysAgo: number][]): Chain {
  const l0 = ago(points[0]?.[1] ?? 0);
  return {
    levelZeroTs: l0,
    points: points.map(([level, d]) => ({ identity: 'h_n', levelZeroTs: l0, level, timestamp: ago(d) })),
  };
}
const names = (ps: { level: number; timestamp: number }[]): string[] =>
  ps.map((p) => `${p.level}@${Math.round((now - p.timestamp) / DAY)}d`);

describe('retention plan', () => {
  it('never removes a point younger than the cutoff, nor a parent it needs (the stock flaw)', () => {
    const old = chain([
      [0, 60],
      [1, 50],
    ]);
    const mixed = chain([
      [0, 40],
      [1, 35],
      [2, 1],
    ]);
    const plan = planRetention([old, mixed], { cutoff: ago(30) });
    expect(names(plan.remove)).toEqual(['0@60d', '1@50d']);
    expect(names(plan.keep)).toEqual(['0@40d', '1@35d', '2@1d']);
  });

  it('drops an always-level sibling nobody needs', () => {
    const c = chain([
      [0, 40],
      [1, 39],
      [2, 38],
      [2, 37],
      [2, 1],
    ]);
    const plan = planRetention([c], { cutoff: ago(30) });
    expect(names(plan.remove)).toEqual(['2@38d', '2@37d']);
  });

  it('keep-last / keep-daily / keep-weekly / keep-monthly select the newest per bucket', () => {
    const c1 = chain([
      [0, 100],
      [1, 99],
    ]);
    const c2 = chain([
      [0, 20],
      [1, 10],
      [2, 3],
    ]);
    const c3 = chain([
      [0, 2.01],
      [1, 2],
      [2, 1],
      [3, 0],
    ]);
    expect(names(planRetention([c1, c2, c3], { keepLast: 2 }).keep)).toEqual([
      '0@2d',
      '1@2d',
      '2@1d',
      '3@0d',
    ]);
    const daily = planRetention([c1, c2, c3], { keepDaily: 3 });
    expect(daily.keep.length).toBeGreaterThanOrEqual(4);
    expect(names(daily.remove)).toContain('0@100d');
    const monthly = planRetention([c1, c2, c3], { keepMonthly: 12 });
    expect(names(monthly.keep)).toContain('1@99d');
    const none = planRetention([c1, c2, c3], { keepWeekly: 0 });
    expect(none.keep).toEqual([]);
  });
});

describe('--action admin on storage', () => {
  function repoWithChains(): string {
    const repo = join(mkdtempSync(join(tmpdir(), 'fz-adm-')), 'repo');
    const tar = craftTar([{ name: 'f.txt', type: 'file', data: 'x'.repeat(1000) }]);
    for (const [l0, level, ts] of [
      [ago(60), 0, ago(60)],
      [ago(60), 1, ago(50)],
      [ago(40), 0, ago(40)],
      [ago(40), 1, ago(35)],
      [ago(40), 2, ago(1)],
    ] as const) {
      writeStockPoint(repo, 'h_n', l0, level, ts, tar);
    }
    return repo;
  }
  const base = (repo: string) => ['--action', 'admin', '-C', repo, '--hostname', 'h', '-N', 'n'];

  it('--remove-older-than keeps the old level 0 of a chain with new increments; --dry-run changes nothing', async () => {
    const repo = repoWithChains();
    const dry = await runCli([...base(repo), '--remove-older-than', '30', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/would remove h_n level 0 .*\n.*would remove h_n level 1 /);
    expect(dry.stdout).toMatch(/would remove 2 restore point\(s\), [\d.]+ \w*B would be freed; 3 kept/);
    expect(existsSync(join(repo, 'data/tar/h_n', String(ago(60))))).toBe(true);

    const real = await runCli([...base(repo), '--remove-older-than', '30']);
    expect(real.code).toBe(0);
    expect(real.stdout).toMatch(/removed 2 restore point/);
    const info = JSON.parse((await runCli(['--action', 'info', '-C', repo, '--format', 'json'])).stdout) as {
      level: number;
    }[];
    expect(info.map((r) => r.level)).toEqual([0, 1, 2]);
    const out = join(repo, '..', 'restored');
    const restore = await runRestore(['-C', repo, '--hostname', 'h', '-N', 'n'], out);
    expect(restore.code).toBe(0);
  });

  it('--remove-from-date and --keep-last', async () => {
    const repo = repoWithChains();
    const date = new Date(ago(45) * 1000).toISOString().slice(0, 19) + 'Z';
    const r = await runCli([...base(repo), '--remove-from-date', date]);
    expect(r.stdout).toMatch(/removed 2 restore point/);
    const k = await runCli([...base(repo), '--keep-last', '1']);
    expect(k.stdout).toMatch(/removed 0 restore point\(s\), 0 B freed; 3 kept/);
  });
});
