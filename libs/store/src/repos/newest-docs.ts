import { and, desc, type SQL } from 'drizzle-orm';
import type { Db, Tables } from '../db.js';
import { parseDoc } from '../context.js';
import type { Page } from '../search.js';
import { sqlPage } from './list.js';

/** The history tables: one JSON document per row, ordered by when it started. */
type HistoryTable = Tables['jobRuns'] | Tables['drills'];

/** One page of a history table's documents matching `where`, newest first (ties: last written first). */
export async function newestDocs<T>(db: Db, t: HistoryTable, where: SQL[], page: Page): Promise<T[]> {
  const rows = await db
    .select({ doc: t.doc })
    .from(t)
    .where(and(...where))
    .orderBy(desc(t.timeStarted), desc(t.seq))
    .limit(sqlPage(page).limit)
    .offset(page.offset);
  return rows.map((row) => parseDoc<T>(row.doc));
}
