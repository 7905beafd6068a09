import type { Chain } from './catalog.js';
import type { PointId } from './layout.js';

export interface LevelPolicy {
  noIncremental: boolean;
  maxLevel?: number;
  alwaysLevel?: number;
  restartAlwaysLevelDays?: number;
}

export interface LevelDecision {
  level: number;
  /** The point whose tar snapshot this backup builds on; none for a level 0. */
  parent?: PointId;
  reason: string;
}

/**
 * The stock agent's rules (storage/base.py previous_backup), applied to the newest chain:
 * --no-incremental → level 0; --max-level M reached → new chain; --always-level A: past A → new chain,
 * at A → another A on top of the newest A-1; --restart-always-level D: newest top point older than D
 * days → new chain; otherwise one level above the chain's highest. As in the stock agent a 0 for
 * --max-level/--always-level means "not set".
 */
export function chooseLevel(chains: Chain[], policy: LevelPolicy, nowSeconds: number): LevelDecision {
  if (policy.noIncremental) return { level: 0, reason: '--no-incremental' };
  const chain = chains[chains.length - 1];
  if (!chain) return { level: 0, reason: 'no previous backup' };
  const highest = Math.max(...chain.points.map((p) => p.level));
  const top = newestOfLevel(chain, highest) as PointId;
  if (policy.maxLevel && policy.maxLevel <= highest)
    return { level: 0, reason: `--max-level ${policy.maxLevel} reached` };
  if (policy.alwaysLevel && highest > policy.alwaysLevel)
    return { level: 0, reason: `chain is above --always-level ${policy.alwaysLevel}` };
  if (policy.restartAlwaysLevelDays && nowSeconds > top.timestamp + policy.restartAlwaysLevelDays * 86400) {
    return { level: 0, reason: `--restart-always-level ${policy.restartAlwaysLevelDays} days passed` };
  }
  if (policy.alwaysLevel && highest === policy.alwaysLevel) {
    const parent = newestOfLevel(chain, highest - 1);
    if (parent) return { level: highest, parent, reason: `--always-level ${highest}` };
    return { level: 0, reason: 'no parent level for --always-level' };
  }
  return { level: highest + 1, parent: top, reason: `incremental on level ${highest}` };
}

function newestOfLevel(chain: Chain, level: number): PointId | undefined {
  return chain.points.filter((p) => p.level === level).at(-1);
}

/** Integer seconds like the stock agent, but never equal to or before an existing point of this identity. */
export function nextTimestamp(chains: Chain[], nowSeconds: number): number {
  const newest = Math.max(0, ...chains.flatMap((c) => c.points.map((p) => p.timestamp)));
  return Math.max(nowSeconds, newest + 1);
}
