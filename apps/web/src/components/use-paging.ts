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

/** What a list needs of its paging (usePaging keeps it in state, useListUrl in the URL). */
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
