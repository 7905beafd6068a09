import { LIST_SORT_KEYS, SORT_ORDERS, type ListResource, type SortOrder } from '@freezer/schema';
import type { ListSort, ListView } from '@freezer/store';
import { z } from 'zod';
import { ListQuerystring } from '../plugins/list-params.js';
import { invalidParam } from '../plugins/api-error.js';

/** A list route's query: the stock paging and search, and `sort`/`order` (extension). */
export function sortedListQuerystring(resource: ListResource) {
  const keys = LIST_SORT_KEYS[resource].join(', ');
  return ListQuerystring.extend({
    sort: z.string().optional().describe(`sort key: ${keys} (default: arrival order)`),
    order: z.string().optional().describe('asc (default) or desc'),
    filter: z
      .string()
      .max(200)
      .optional()
      .describe('only documents with a value containing this text (case-insensitive)'),
  });
}

/** The validated sort of a list request; undefined keeps the stock order. */
export function sortOf(
  resource: ListResource,
  query: { sort?: string; order?: string },
): ListSort | undefined {
  const keys: readonly string[] = LIST_SORT_KEYS[resource];
  if (query.order !== undefined && !(SORT_ORDERS as readonly string[]).includes(query.order))
    throw invalidParam('order', `The value must be one of ${SORT_ORDERS.join(', ')}.`);
  if (query.sort === undefined || query.sort === '') {
    if (query.order !== undefined) throw invalidParam('order', 'It needs a sort key (sort).');
    return undefined;
  }
  if (!keys.includes(query.sort)) throw invalidParam('sort', `The value must be one of ${keys.join(', ')}.`);
  return { key: query.sort, order: (query.order ?? 'asc') as SortOrder };
}

/** Sort and text filter of a list request (extensions; without them the stock list). */
export function viewOf(
  resource: ListResource,
  query: { sort?: string; order?: string; filter?: string },
): ListView {
  const sort = sortOf(resource, query);
  const text = query.filter?.trim() || undefined;
  return { ...(sort ? { sort } : {}), ...(text ? { text } : {}) };
}
