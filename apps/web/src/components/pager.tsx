interface PagerProps {
  page: number;
  pageSize: number;
  hasNext: boolean;
  onPage: (page: number) => void;
  onPageSize: (size: number) => void;
}

/** The API returns no totals, so paging asks for one extra row to know if a next page exists. */
export function Pager({ page, pageSize, hasNext, onPage, onPageSize }: PagerProps) {
  return (
    <nav className="pager" aria-label="Pagination">
      <button type="button" disabled={page === 0} onClick={() => onPage(page - 1)}>
        ‹ Previous
      </button>
      <span aria-live="polite">Page {page + 1}</span>
      <button type="button" disabled={!hasNext} onClick={() => onPage(page + 1)}>
        Next ›
      </button>
      <label>
        Rows per page{' '}
        <select value={pageSize} onChange={(e) => onPageSize(Number(e.target.value))}>
          {[10, 20, 50, 100].map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
    </nav>
  );
}
