/** What a list needs of its paging (useListUrl keeps it in the URL). */
export interface Paging {
  page: number;
  pageSize: number;
  offset: number;
  setPage: (page: number) => void;
  setPageSize: (size: number) => void;
}

/** Lists fetch pageSize+1 rows: the extra one only tells whether a next page exists. */
export function splitPage<T>(rows: T[] | undefined, pageSize: number): { rows: T[]; hasNext: boolean } {
  const all = rows ?? [];
  return { rows: all.slice(0, pageSize), hasNext: all.length > pageSize };
}
