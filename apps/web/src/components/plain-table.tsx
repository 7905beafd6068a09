import type { ReactNode } from 'react';

interface PlainTableProps {
  /** Column headers, left to right. */
  headers: readonly string[];
  /** Extra classes after `data-table` (`compact`, `runs-table`). */
  variant?: string;
  /** The table's accessible name. */
  label?: string;
  /** The rows (`<tr>`s). */
  children: ReactNode;
}

/** A read-only table whose rows the caller writes: no sorting, selection or filter (see DataTable). */
export function PlainTable({ headers, variant, label, children }: PlainTableProps) {
  return (
    <table
      className={variant ? `data-table ${variant}` : 'data-table'}
      {...(label ? { 'aria-label': label } : {})}
    >
      <thead>
        <tr>
          {headers.map((h) => (
            <th key={h} scope="col">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
