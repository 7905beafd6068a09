import { useState } from 'react';

/** Page state for offset/limit lists; the page resets when the size changes. */
export function usePaging(initialSize = 20) {
  const [page, setPage] = useState(0);
  const [pageSize, setSize] = useState(initialSize);
  return {
    page,
    pageSize,
    offset: page * pageSize,
    setPage,
    setPageSize: (n: number) => {
      setSize(n);
      setPage(0);
    },
  };
}

export type Paging = ReturnType<typeof usePaging>;

/** Lists fetch pageSize+1 rows: the extra one only tells whether a next page exists. */
export function splitPage<T>(rows: T[] | undefined, pageSize: number): { rows: T[]; hasNext: boolean } {
  const all = rows ?? [];
  return { rows: all.slice(0, pageSize), hasNext: all.length > pageSize };
}
