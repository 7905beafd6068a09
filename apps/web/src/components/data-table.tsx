import { useMemo, useState, type ReactNode } from 'react';
import { CheckCell } from './check-cell';
import { SortHeader } from './sort-header';

export interface Column<T> {
  key: string;
  header: string;
  render: (row: T) => ReactNode;
  /** Present when the column is sortable; also used by the filter box. */
  value?: (row: T) => string | number;
  /** The API's sort key for this column; with a server-sorted table only these columns sort. */
  sortKey?: string;
}

/** The table sorts on the server: the whole list, not the page shown. */
export interface ServerSortProps {
  key: string;
  order: 'asc' | 'desc';
  onSort: (key: string) => void;
}

interface DataTableProps<T> {
  caption: string;
  rows: T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  rowLabel: (row: T) => string;
  filter?: string;
  selected?: ReadonlySet<string>;
  onSelectedChange?: (next: Set<string>) => void;
  actions?: (row: T) => ReactNode;
  serverSort?: ServerSortProps | null;
  /** What an empty table says (the list's own filter may be on the server). */
  emptyText?: string;
}

type SortState = { key: string; dir: 'asc' | 'desc' } | null;

function compare(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

/**
 * With `serverSort`, the columns that have a `sortKey` sort the whole list on the server; without it,
 * sorting works on the rows given. The filter box works on the rows given.
 */
export function DataTable<T>(props: DataTableProps<T>) {
  const { caption, rows, columns, rowKey, rowLabel, filter, selected, onSelectedChange, actions } = props;
  const server = props.serverSort;
  const [sort, setSort] = useState<SortState>(null);

  const visible = useMemo(() => {
    const needle = (filter ?? '').trim().toLowerCase();
    let out = rows;
    if (needle) {
      out = rows.filter((r) =>
        columns.some((c) => c.value && String(c.value(r)).toLowerCase().includes(needle)),
      );
    }
    if (sort && !server) {
      const col = columns.find((c) => c.key === sort.key);
      if (col?.value) {
        const get = col.value;
        out = [...out].sort((a, b) => compare(get(a), get(b)) * (sort.dir === 'asc' ? 1 : -1));
      }
    }
    return out;
  }, [rows, columns, filter, sort, server]);

  const toggleSort = (key: string) =>
    setSort((s) => (s?.key === key ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: 'asc' }));

  const allSelected =
    selected !== undefined && visible.length > 0 && visible.every((r) => selected.has(rowKey(r)));
  const toggleAll = () => {
    if (!onSelectedChange) return;
    onSelectedChange(allSelected ? new Set() : new Set(visible.map(rowKey)));
  };
  const toggleOne = (id: string) => {
    if (!onSelectedChange || !selected) return;
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onSelectedChange(next);
  };

  return (
    <div className="table-wrap">
      <table className="data-table">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            {onSelectedChange ? (
              <CheckCell as="th" label="Select all rows" checked={allSelected} onChange={toggleAll} />
            ) : null}
            {columns.map((c) => {
              const sortable = server ? c.sortKey !== undefined : c.value !== undefined;
              const dir = server
                ? server.key === c.sortKey
                  ? server.order
                  : null
                : sort?.key === c.key
                  ? sort.dir
                  : null;
              const onSort = () => (server && c.sortKey ? server.onSort(c.sortKey) : toggleSort(c.key));
              return (
                <SortHeader key={c.key} header={c.header} dir={dir} onSort={sortable ? onSort : undefined} />
              );
            })}
            {actions ? <th scope="col">Actions</th> : null}
          </tr>
        </thead>
        <tbody>
          {visible.length === 0 ? (
            <tr>
              <td
                colSpan={columns.length + (actions ? 1 : 0) + (onSelectedChange ? 1 : 0)}
                className="empty-row"
              >
                {rows.length === 0
                  ? (props.emptyText ?? 'No items to display.')
                  : 'No items match the filter.'}
              </td>
            </tr>
          ) : (
            visible.map((r) => {
              const id = rowKey(r);
              return (
                <tr key={id}>
                  {onSelectedChange ? (
                    <CheckCell
                      as="td"
                      label={`Select ${rowLabel(r)}`}
                      checked={selected?.has(id) ?? false}
                      onChange={() => toggleOne(id)}
                    />
                  ) : null}
                  {columns.map((c) => (
                    <td key={c.key} data-label={c.header}>
                      {c.render(r)}
                    </td>
                  ))}
                  {actions ? <td className="col-actions">{actions(r)}</td> : null}
                </tr>
              );
            })
          )}
        </tbody>
      </table>
    </div>
  );
}
