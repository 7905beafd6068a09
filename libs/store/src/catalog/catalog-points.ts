import type { CatalogPointInfo } from '@freezer/schema';
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Scope, StoreContext } from '../context.js';
import { scopeWhere } from '../repos/scope-where.js';
import type { catalogPoints } from '../tables-catalog.js';

export type PointRow = typeof catalogPoints.$inferSelect;

export const pointInfo = (r: PointRow): CatalogPointInfo => ({
  backup_id: r.backupId,
  hostname: r.hostname,
  backup_name: r.backupName,
  level: r.level,
  time_stamp: r.timeStamp,
  level0_time_stamp: r.level0TimeStamp,
});

/** The complete catalog point of a backup the scope may see. */
export async function findPoint(
  ctx: StoreContext,
  scope: Scope,
  backupId: string,
): Promise<PointRow | undefined> {
  const p = ctx.t.catalogPoints;
  const [row] = await ctx.db
    .select()
    .from(p)
    .where(and(...scopeWhere(p, scope), eq(p.backupId, backupId), eq(p.status, 1)))
    .orderBy(desc(p.seq))
    .limit(1);
  return row;
}

/**
 * The points a point builds on and itself, level 0 first; `missing` names the parents' time stamps
 * that have no complete catalog (then the state at the point cannot be known).
 */
export async function chainOf(
  ctx: StoreContext,
  scope: Scope,
  point: PointRow,
): Promise<{ chain: PointRow[]; missing: number[] }> {
  const parents = JSON.parse(point.parents) as number[];
  if (parents.length === 0) return { chain: [point], missing: [] };
  const p = ctx.t.catalogPoints;
  const rows = await ctx.db
    .select()
    .from(p)
    .where(
      and(
        ...scopeWhere(p, scope),
        eq(p.hostname, point.hostname),
        eq(p.backupName, point.backupName),
        eq(p.level0TimeStamp, point.level0TimeStamp),
        eq(p.status, 1),
        inArray(p.timeStamp, parents),
      ),
    )
    .orderBy(p.seq);
  // The newest upload of each parent point wins (the same point may have been recorded twice).
  const byTime = new Map(rows.map((r) => [r.timeStamp, r]));
  const missing = parents.filter((ts) => !byTime.has(ts));
  const chain = parents.flatMap((ts) => byTime.get(ts) ?? []);
  return { chain: [...chain, point], missing };
}
