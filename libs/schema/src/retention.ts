import { localTimeZone, wallClock } from './time-zone.js';

// The retention planner of `--action admin`, pure so that the agent (which deletes) and the dashboard
// (which previews while an operator edits the policy) run the same code on the same points.

/** A restore point as the planner needs it: its chain (engine + level-0 time), level and time. */
export interface RetentionPoint {
  levelZeroTs: number;
  level: number;
  /** Unix seconds. */
  timestamp: number;
  /** Absent for tar (the stock layout). */
  engine?: string;
}

/** One chain: a level 0 and the increments on it, sorted by time (then level). */
export interface PointChain<P extends RetentionPoint> {
  levelZeroTs: number;
  engine?: P['engine'];
  points: P[];
}

export interface RetentionPolicy {
  /** Unix seconds: points strictly older than this may go. */
  cutoff?: number;
  keepLast?: number;
  keepDaily?: number;
  keepWeekly?: number;
  keepMonthly?: number;
  keepYearly?: number;
  /** IANA zone whose calendar days, weeks, months and years the keep rules count (default: local). */
  timeZone?: string;
}

export interface RetentionPlan<P> {
  remove: P[];
  keep: P[];
}

/** The admin options that make a policy (`--keep-*`, `--remove-*`): at least one is needed. */
export const RETENTION_KEEP_RULES = [
  'keepLast',
  'keepDaily',
  'keepWeekly',
  'keepMonthly',
  'keepYearly',
] as const;

/** Points grouped into chains; a chain without its level 0 cannot be restored or extended, so it is left out. */
export function groupChains<P extends RetentionPoint>(points: P[]): PointChain<P>[] {
  const chains = new Map<string, P[]>();
  for (const p of points) {
    const key = `${p.engine ?? ''}/${p.levelZeroTs}`;
    chains.set(key, [...(chains.get(key) ?? []), p]);
  }
  return [...chains.values()]
    .map((pts) => ({
      levelZeroTs: (pts[0] as P).levelZeroTs,
      ...(pts[0]?.engine ? { engine: pts[0].engine } : {}),
      points: pts.sort((a, b) => a.timestamp - b.timestamp || a.level - b.level),
    }))
    .filter((c) => c.points[0]?.level === 0)
    .sort((a, b) => a.levelZeroTs - b.levelZeroTs);
}

/**
 * The points to replay to reach `point`: for each level up to its own, the newest earlier point of that
 * level (handles --always-level, where several points share one level and each builds on level-1).
 */
export function restorePath<P extends RetentionPoint>(chain: PointChain<P>, point: P): P[] {
  const stack: P[] = [];
  for (const p of chain.points) {
    if (p.timestamp > point.timestamp) break;
    stack.length = Math.min(stack.length, p.level);
    if (stack.length !== p.level) continue; // a gap: a level whose parent is missing
    stack.push(p);
    if (p === point) return stack;
  }
  return stack;
}

/** ISO 8601 week of a calendar date, as `YYYY-Www`. */
function isoWeek(year: number, month: number, day: number): string {
  const t = new Date(Date.UTC(year, month - 1, day));
  const weekday = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  return `${t.getUTCFullYear()}-W${Math.ceil(((t.getTime() - yearStart) / 86400000 + 1) / 7)}`;
}

/**
 * Which points go. A point is a candidate when it is older than the cutoff (or, with only keep rules,
 * when no keep rule selects it). Candidates that a kept point needs to be restored (its parents in the
 * chain) stay — the stock agent instead deleted whole chains by their level-0 age, increments younger
 * than the cutoff included. A keep rule for N periods keeps the newest point of each of the N newest
 * periods that hold a point.
 */
export function planRetention<P extends RetentionPoint>(
  chains: PointChain<P>[],
  policy: RetentionPolicy,
): RetentionPlan<P> {
  const zone = policy.timeZone ?? localTimeZone();
  const all = chains.flatMap((c) => c.points.map((point) => ({ chain: c, point })));
  const newestFirst = [...all].sort(
    (a, b) => b.point.timestamp - a.point.timestamp || b.point.level - a.point.level,
  );
  const calendar = new Map<P, { y: number; m: number; d: number }>();
  for (const { point } of all) {
    const w = wallClock(point.timestamp * 1000, zone);
    calendar.set(point, { y: Number(w.year), m: Number(w.month), d: Number(w.day) });
  }
  const selected = new Set<P>();
  newestFirst.slice(0, policy.keepLast ?? 0).forEach((e) => selected.add(e.point));
  const bucketKeep = (
    count: number | undefined,
    bucket: (c: { y: number; m: number; d: number }) => string,
  ) => {
    const seen = new Set<string>();
    for (const e of newestFirst) {
      const key = bucket(calendar.get(e.point) as { y: number; m: number; d: number });
      if (seen.has(key)) continue;
      if (seen.size >= (count ?? 0)) break;
      seen.add(key);
      selected.add(e.point);
    }
  };
  bucketKeep(policy.keepDaily, (c) => `${c.y}-${c.m}-${c.d}`);
  bucketKeep(policy.keepWeekly, (c) => isoWeek(c.y, c.m, c.d));
  bucketKeep(policy.keepMonthly, (c) => `${c.y}-${c.m}`);
  bucketKeep(policy.keepYearly, (c) => `${c.y}`);

  const hasKeepRule = RETENTION_KEEP_RULES.some((k) => policy[k] !== undefined);
  const wanted = (p: P): boolean => {
    if (selected.has(p)) return true;
    if (policy.cutoff !== undefined) return p.timestamp >= policy.cutoff;
    return !hasKeepRule;
  };
  const needed = new Set<P>();
  for (const { chain, point } of all) {
    if (wanted(point)) for (const p of restorePath(chain, point)) needed.add(p);
  }
  return {
    remove: all.map((e) => e.point).filter((p) => !needed.has(p)),
    keep: all.map((e) => e.point).filter((p) => needed.has(p)),
  };
}
