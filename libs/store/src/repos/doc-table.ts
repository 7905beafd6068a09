import { and, eq } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Scope } from '../context.js';
import type { Db, Tables } from '../db.js';
import { RaceLost } from '../race.js';
import { EMPTY_SEARCH, type Lookup, type Page, type Search } from '../search.js';
import { runList, type CanonicalColumns } from './list.js';
import { listOrder, type ListView } from './list-order.js';
import { scopeWhere } from './scope-where.js';

/** The tables that hold one scoped JSON document a row, listed in arrival order (`seq`). */
export type DocTable =
  Tables['actions'] | Tables['backups'] | Tables['clients'] | Tables['jobs'] | Tables['sessions'];

/** A list route's arguments as the repositories take them (the stock defaults: first 10 documents). */
export interface ListArgs {
  search?: Search;
  page?: Page;
  view?: ListView;
}

/** How a table lists: which keys SQL filters on, which columns a dashboard may sort by. */
export type ListSpecOf<T extends DocTable, Doc> = (
  table: T,
  scope: Scope,
) => ListSpec<T['$inferSelect'], Doc>;

export interface ListSpec<Row, Doc> {
  canonical: CanonicalColumns;
  sortable?: Record<string, SQLiteColumn>;
  lookup?: Lookup;
  toDoc: (row: Row) => Doc;
}

/** One scoped list of a document table: search, text filter, sort and paging (`runList`). */
export function listDocs<T extends DocTable, Doc>(
  db: Db,
  table: T,
  scope: Scope,
  args: ListArgs,
  specOf: ListSpecOf<T, Doc>,
): Promise<Doc[]> {
  const spec = specOf(table, scope);
  const { search = EMPTY_SEARCH, page = { limit: 10, offset: 0 }, view = {} } = args;
  return runList({
    scopeWhere: scopeWhere(table, scope),
    search,
    page,
    canonical: spec.canonical,
    lookup: spec.lookup,
    text: view.text,
    order: listOrder(view.sort, spec.sortable ?? {}, table.seq),
    query: async (where, p, order) => {
      const q = db
        .select()
        .from(table)
        .where(where)
        .orderBy(...order);
      // drizzle's row type of a generic table is its $inferSelect once T is known.
      return (await (p ? q.limit(p.limit).offset(p.offset) : q)) as T['$inferSelect'][];
    },
    toDoc: spec.toDoc,
  });
}

/** The one row of `table` in `scope` whose `idColumn` is `id`, read inside `db` (a transaction or not). */
export async function scopedRow<T extends DocTable>(
  db: Db,
  table: T,
  scope: Scope,
  idColumn: SQLiteColumn,
  id: string,
): Promise<T['$inferSelect'] | undefined> {
  const rows = await db
    .select()
    .from(table)
    .where(and(...scopeWhere(table, scope), eq(idColumn, id)))
    .limit(1);
  return rows[0] as T['$inferSelect'] | undefined;
}

/**
 * Replaces a row's document only if nobody else wrote since `row` was read (its version), and returns
 * the new version; a lost race throws RaceLost so the transaction runs again.
 */
export async function writeDoc(
  db: Db,
  table: Tables['actions'] | Tables['sessions'],
  row: { seq: number; version: number },
  doc: unknown,
  what: string,
): Promise<number> {
  const version = row.version + 1;
  const done = await db
    .update(table)
    .set({ doc: JSON.stringify(doc), version })
    .where(and(eq(table.seq, row.seq), eq(table.version, row.version)))
    .returning({ seq: table.seq });
  if (done.length === 0) throw new RaceLost(what);
  return version;
}
