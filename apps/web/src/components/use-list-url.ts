import { useSearchParams } from 'react-router';
import type { SortOrder } from '@freezer/schema';

export interface ServerSort {
  key: string;
  order: SortOrder;
}

const int = (raw: string | null, fallback: number, min: number) => {
  const n = raw === null ? Number.NaN : Number.parseInt(raw, 10);
  return Number.isFinite(n) && n >= min ? n : fallback;
};

/**
 * A list page's paging and server-side sort, kept in the URL (`?page=&size=&sort=&order=`) so a view
 * can be shared and survives a reload. The page is 1-based in the URL.
 */
export function useListUrl(defaultSort: ServerSort | null = null, defaultSize = 20) {
  const [params, setParams] = useSearchParams();
  const page = int(params.get('page'), 1, 1) - 1;
  const pageSize = int(params.get('size'), defaultSize, 1);
  const sortKey = params.get('sort');
  const sort: ServerSort | null = sortKey
    ? { key: sortKey, order: params.get('order') === 'asc' ? 'asc' : 'desc' }
    : defaultSort;
  const update = (change: Record<string, string | null>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(change)) {
          if (v === null) next.delete(k);
          else next.set(k, v);
        }
        return next;
      },
      { replace: true },
    );
  return {
    page,
    pageSize,
    offset: page * pageSize,
    setPage: (p: number) => update({ page: p > 0 ? String(p + 1) : null }),
    setPageSize: (n: number) => update({ size: n === defaultSize ? null : String(n), page: null }),
    sort,
    /** The same key flips the order; a new key starts descending (newest, largest first). */
    setSort: (key: string) => {
      const order: SortOrder = sort?.key === key && sort.order === 'desc' ? 'asc' : 'desc';
      update({ sort: key, order, page: null });
    },
    /** Another URL parameter of the page (a filter), resetting the page. */
    param: (name: string) => params.get(name) ?? '',
    setParam: (name: string, value: string) => update({ [name]: value || null, page: null }),
    /** The page as a list request: one row more than shown (is there a next page?), sorted, filtered by `?q=`. */
    request: {
      limit: pageSize + 1,
      offset: page * pageSize,
      ...(sort ? { sort: sort.key, order: sort.order } : {}),
      ...(params.get('q') ? { filter: params.get('q') ?? '' } : {}),
    },
    /** The `?q=` text filter, for ResourceList's serverFilter. */
    textFilter: {
      value: params.get('q') ?? '',
      onChange: (text: string) => update({ q: text || null, page: null }),
    },
  };
}

export type ListUrl = ReturnType<typeof useListUrl>;
