import { and, eq, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Scope } from '../context.js';
import type { Page, Search } from '../search.js';

/**
 * Prepared list queries for SQLite, keyed by the *shape* of a search (which canonical keys, in
 * match or match_not) with every value bound as a placeholder. The scheduler's poll always has
 * the same shape, so after the first poll each one skips drizzle's SQL building and SQLite's
 * statement compilation — together most of the poll's CPU before (docs/benchmarks.md, API).
 */

interface ScopedTable {
  projectId: SQLiteColumn;
  userId: SQLiteColumn;
}

export interface ListShape {
  key: string;
  where: SQL[];
  params: Record<string, unknown>;
}

/** The shape of a search if SQL alone decides it (every key canonical, every value a string). */
export function listShape(
  table: ScopedTable,
  scope: Scope,
  search: Search,
  canonical: Record<string, SQLiteColumn>,
): ListShape | undefined {
  const where: SQL[] = [eq(table.projectId, sql.placeholder('projectId'))];
  const params: Record<string, unknown> = { projectId: scope.projectId };
  let key = scope.sharedProject ? 'p' : 'pu';
  if (!scope.sharedProject) {
    where.push(eq(table.userId, sql.placeholder('userId')));
    params.userId = scope.userId;
  }
  let n = 0;
  const add = (pairs: Record<string, unknown>[], negate: boolean): boolean => {
    for (const pair of pairs) {
      for (const [k, value] of Object.entries(pair)) {
        const column = canonical[k];
        if (!column || typeof value !== 'string') return false;
        const name = `v${n++}`;
        const ph = sql.placeholder(name);
        where.push(negate ? (or(isNull(column), ne(column, ph)) as SQL) : eq(column, ph));
        params[name] = value;
        key += `|${negate ? '!' : '='}${k}`;
      }
    }
    return true;
  };
  if (!add(search.match, false) || !add(search.match_not, true)) return undefined;
  return { key, where, params };
}

/** SQLite's "no limit" is -1; placeholders take it as is. */
export function pageParams(page: Page): { limit: number; offset: number } {
  return { limit: page.limit < 0 ? -1 : page.limit, offset: page.offset };
}

export interface PreparedAll<Row> {
  all(params: Record<string, unknown>): Row[];
}

// A client could send many distinct shapes; past this many, new shapes run unprepared.
const MAX_SHAPES = 64;

export class PreparedLists<Row> {
  private readonly byShape = new Map<string, PreparedAll<Row>>();

  /** `build` must page with `sql.placeholder('limit')` / `sql.placeholder('offset')`. */
  constructor(private readonly build: (where: SQL | undefined) => PreparedAll<Row>) {}

  run(shape: ListShape, page: Page): Row[] {
    let stmt = this.byShape.get(shape.key);
    if (!stmt) {
      stmt = this.build(and(...shape.where));
      if (this.byShape.size < MAX_SHAPES) this.byShape.set(shape.key, stmt);
    }
    return stmt.all({ ...shape.params, ...pageParams(page) });
  }
}
