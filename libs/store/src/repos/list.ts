import { and, eq, isNull, ne, or, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { holdsText } from './list-order.js';
import { matches, paginate, type Lookup, type Page, type Search } from '../search.js';

/**
 * Keys with a canonical place in a document, mirrored in an indexed column. Searches on them run in
 * SQL (with LIMIT/OFFSET in SQL when every key is canonical); other keys are matched anywhere in
 * the document tree in JS, after the SQL pre-filter.
 */
export type CanonicalColumns = Record<string, SQLiteColumn>;

export interface ListPlan {
  where: SQL[];
  /** True when SQL alone decides membership, so paging can happen in SQL. */
  sqlOnly: boolean;
}

export function planSearch(search: Search, canonical: CanonicalColumns): ListPlan {
  const where: SQL[] = [];
  let sqlOnly = true;
  for (const pair of search.match) {
    for (const [key, value] of Object.entries(pair)) {
      const column = canonical[key];
      if (column && typeof value === 'string') where.push(eq(column, value));
      else sqlOnly = false;
    }
  }
  for (const pair of search.match_not) {
    for (const [key, value] of Object.entries(pair)) {
      const column = canonical[key];
      if (column && typeof value === 'string') where.push(or(isNull(column), ne(column, value)) as SQL);
      else sqlOnly = false;
    }
  }
  return { where, sqlOnly };
}

export interface ListQueryBuilder<Row> {
  /** Rows in `order` (insertion order unless sorted) that satisfy `where`, optionally paged in SQL. */
  (where: SQL | undefined, page: Page | undefined, order: SQL[]): Promise<Row[]>;
}

/** PostgreSQL refuses SQLite's `LIMIT -1`; "unlimited" becomes a limit no table reaches. */
export function sqlPage(page: Page): Page {
  return page.limit < 0 ? { limit: Number.MAX_SAFE_INTEGER, offset: page.offset } : page;
}

/** Runs a list with search + paging, choosing SQL paging when the search allows it. */
export async function runList<Row, Doc>(opts: {
  scopeWhere: SQL[];
  search: Search;
  page: Page;
  canonical: CanonicalColumns;
  /** ORDER BY (listOrder); the JS-filtered path keeps it, since it filters rows read in this order. */
  order: SQL[];
  query: ListQueryBuilder<Row>;
  toDoc: (row: Row) => Doc;
  lookup?: Lookup;
  /** Keep only documents holding this text (any value, case-insensitive): matched here, not in SQL. */
  text?: string;
}): Promise<Doc[]> {
  const plan = planSearch(opts.search, opts.canonical);
  const where = and(...opts.scopeWhere, ...plan.where);
  const needle = opts.text?.trim().toLowerCase();
  if (plan.sqlOnly && !needle)
    return (await opts.query(where, sqlPage(opts.page), opts.order)).map(opts.toDoc);
  const docs = (await opts.query(where, undefined, opts.order))
    .map(opts.toDoc)
    .filter((doc) => matches(doc, opts.search, opts.lookup) && (!needle || holdsText(doc, needle)));
  return paginate(docs, opts.page);
}
