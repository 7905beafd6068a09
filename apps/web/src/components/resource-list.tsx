import { useState, type ReactNode } from 'react';
import { ConfirmDialog } from './confirm-dialog';
import { DataTable, type Column, type ServerSortProps } from './data-table';
import { FilterBox } from './filter-box';
import { Pager } from './pager';
import { QueryState } from './query-state';
import { RowMenu, type MenuItem } from './row-menu';
import { splitPage, type Paging } from './use-paging';

/** How a page deletes rows: the page owns the mutation (and its toasts); the list owns the confirmation. */
export interface Deletion {
  /** Title of the confirmation dialog, e.g. "Delete jobs". */
  title: string;
  /** The question after "<verb> <what>?", e.g. "This cannot be undone." */
  consequence: string;
  /** Defaults to "Delete". */
  verb?: string;
  busy: boolean;
  run: (ids: string[], what: string, done: () => void) => void;
}

export interface ResourceListProps<T> {
  /** Plural, capitalised: the table caption ("Jobs"). */
  title: string;
  /** Singular, lower case: used in confirmations ("job etc-nightly", "3 job(s)"). */
  noun: string;
  query: { data: T[] | undefined; isPending: boolean; error: unknown; refetch: () => unknown };
  paging: Paging;
  columns: Column<T>[];
  rowKey: (row: T) => string;
  rowLabel: (row: T) => string;
  /** Row menu entries; `askDelete` opens the confirmation for this one row. */
  menu: (row: T, askDelete: () => void) => MenuItem[];
  deletion: Deletion;
  /** Extra filter controls beside the filter box. */
  filters?: ReactNode;
  /** Buttons acting on the selected rows, beside "Delete selected"; `clear` empties the selection. */
  bulkActions?: (ids: string[], clear: () => void) => ReactNode;
  /** Server-side sort of the whole list (columns with a sortKey). */
  serverSort?: ServerSortProps | null;
  /** The filter box narrows the whole list on the server (not just the page shown). */
  serverFilter?: { value: string; onChange: (text: string) => void };
}

/**
 * The Horizon table page body every resource shares: filter box, bulk delete with confirmation,
 * loading/error states, sortable table with row menus, and server-side paging.
 */
export function ResourceList<T>(props: ResourceListProps<T>) {
  const { title, noun, query, paging, rowLabel, deletion } = props;
  const [filter, setFilter] = useState('');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [confirm, setConfirm] = useState<{ ids: string[]; what: string } | null>(null);
  const { rows, hasNext } = splitPage(query.data, paging.pageSize);
  const verb = deletion.verb ?? 'Delete';

  return (
    <>
      <div className="toolbar">
        <span className="page-actions">
          <FilterBox
            label={`Filter ${title.toLowerCase()}`}
            value={props.serverFilter?.value ?? filter}
            onChange={props.serverFilter?.onChange ?? setFilter}
          />
          {props.filters}
        </span>
        {props.bulkActions?.([...selected], () => setSelected(new Set()))}
        <button
          type="button"
          className="danger"
          disabled={selected.size === 0}
          onClick={() => setConfirm({ ids: [...selected], what: `${selected.size} ${noun}(s)` })}
        >
          {verb} selected ({selected.size})
        </button>
      </div>
      <QueryState
        isPending={query.isPending}
        error={query.error}
        hasData={query.data !== undefined}
        onRetry={() => void query.refetch()}
      >
        <DataTable
          caption={title}
          rows={rows}
          columns={props.columns}
          rowKey={props.rowKey}
          rowLabel={rowLabel}
          filter={props.serverFilter ? undefined : filter}
          selected={selected}
          onSelectedChange={setSelected}
          serverSort={props.serverSort}
          {...(props.serverFilter?.value ? { emptyText: 'No items match the filter.' } : {})}
          actions={(row) => (
            <RowMenu
              label={`Actions for ${rowLabel(row)}`}
              items={props.menu(row, () =>
                setConfirm({ ids: [props.rowKey(row)], what: `${noun} ${rowLabel(row)}` }),
              )}
            />
          )}
        />
        <Pager
          page={paging.page}
          pageSize={paging.pageSize}
          hasNext={hasNext}
          onPage={paging.setPage}
          onPageSize={paging.setPageSize}
        />
      </QueryState>
      {confirm ? (
        <ConfirmDialog
          title={deletion.title}
          message={`${verb} ${confirm.what}? ${deletion.consequence}`}
          confirmLabel={verb}
          busy={deletion.busy}
          onCancel={() => setConfirm(null)}
          onConfirm={() =>
            deletion.run(confirm.ids, confirm.what, () => {
              setConfirm(null);
              setSelected(new Set());
            })
          }
        />
      ) : null}
    </>
  );
}
