export type SortDir = 'asc' | 'desc' | null;

interface SortHeaderProps {
  header: string;
  /** The column's current order; null when the table is sorted by another column. */
  dir: SortDir;
  /** Absent: the column does not sort and shows its header only. */
  onSort?: (() => void) | undefined;
}

/** A column header that sorts its table on click and tells screen readers the order. */
export function SortHeader({ header, dir, onSort }: SortHeaderProps) {
  return (
    <th scope="col" aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : undefined}>
      {onSort ? (
        <button type="button" className="sort" onClick={onSort}>
          {header}
          <span aria-hidden="true">{dir === 'asc' ? ' ▲' : dir === 'desc' ? ' ▼' : ' ↕'}</span>
        </button>
      ) : (
        header
      )}
    </th>
  );
}
