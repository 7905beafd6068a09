import { asc, desc, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { SortOrder } from '@freezer/schema';
import { badRequest } from '../errors.js';

/** `?sort=&order=` of a list route. */
export interface ListSort {
  key: string;
  order: SortOrder;
}

/** How a dashboard views a list (extensions): sorted, and narrowed to documents holding a text. */
export interface ListView {
  sort?: ListSort;
  /** Case-insensitive; matches any string or number value of the document. */
  text?: string;
}

/** Does any string or number value in the document contain `needle` (lower case)? */
export function holdsText(doc: unknown, needle: string): boolean {
  if (typeof doc === 'string') return doc.toLowerCase().includes(needle);
  if (typeof doc === 'number') return String(doc).includes(needle);
  if (Array.isArray(doc)) return doc.some((v) => holdsText(v, needle));
  if (doc !== null && typeof doc === 'object') return Object.values(doc).some((v) => holdsText(v, needle));
  return false;
}

/**
 * ORDER BY for a list: the arrival order without a sort, else the sorted column with the arrival order
 * (same direction) breaking ties, so pages never overlap.
 */
export function listOrder(
  sort: ListSort | undefined,
  columns: Record<string, SQLiteColumn>,
  seq: SQLiteColumn,
): SQL[] {
  if (!sort) return [asc(seq)];
  const dir = sort.order === 'desc' ? desc : asc;
  if (sort.key === 'created') return [dir(seq)];
  const column = columns[sort.key];
  if (!column)
    throw badRequest(
      `cannot sort by '${sort.key}': expected one of created, ${Object.keys(columns).join(', ')}`,
    );
  return [dir(column), dir(seq)];
}
