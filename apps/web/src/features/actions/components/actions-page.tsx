import { useState } from 'react';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { DataTable, type Column } from '../../../components/data-table';
import { FilterBox } from '../../../components/filter-box';
import { PageHeader } from '../../../components/page-header';
import { Pager } from '../../../components/pager';
import { QueryState } from '../../../components/query-state';
import { RowMenu } from '../../../components/row-menu';
import { useToast } from '../../../components/toasts';
import { splitPage, usePaging } from '../../../components/use-paging';
import { errorMessage } from '../../../lib/http';
import { shortId } from '../../../lib/format';
import { summarizeAction } from '../api/action-form';
import { useActions, useDeleteActions, type ActionDoc } from '../api/queries';
import { ActionDialog } from './action-dialog';

const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));
const label = (a: ActionDoc) => str(a.freezer_action?.backup_name) || a.action_id;

const columns: Column<ActionDoc>[] = [
  {
    key: 'id',
    header: 'Id',
    value: (a) => a.action_id,
    render: (a) => <span className="mono">{shortId(a.action_id)}</span>,
  },
  {
    key: 'what',
    header: 'Action',
    value: (a) => summarizeAction(a.freezer_action),
    render: (a) => summarizeAction(a.freezer_action),
  },
  {
    key: 'name',
    header: 'Backup name',
    value: (a) => str(a.freezer_action?.backup_name),
    render: (a) => str(a.freezer_action?.backup_name) || '—',
  },
  {
    key: 'storage',
    header: 'Storage',
    value: (a) => str(a.freezer_action?.storage),
    render: (a) => str(a.freezer_action?.storage) || '—',
  },
  {
    key: 'container',
    header: 'Container',
    value: (a) => str(a.freezer_action?.container),
    render: (a) => str(a.freezer_action?.container) || '—',
  },
  {
    key: 'retries',
    header: 'Retries',
    value: (a) => a.max_retries ?? -1,
    render: (a) => a.max_retries ?? '—',
  },
  {
    key: 'mandatory',
    header: 'Mandatory',
    value: (a) => (a.mandatory ? 1 : 0),
    render: (a) => (a.mandatory ? 'yes' : 'no'),
  },
];

export function ActionsPage() {
  const paging = usePaging();
  const [filter, setFilter] = useState('');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [editing, setEditing] = useState<ActionDoc | 'new' | null>(null);
  const [confirm, setConfirm] = useState<string[] | null>(null);
  const actions = useActions({ limit: paging.pageSize + 1, offset: paging.offset });
  const { rows, hasNext } = splitPage(actions.data, paging.pageSize);
  const del = useDeleteActions();
  const { notify } = useToast();
  return (
    <>
      <PageHeader title="Actions">
        <button type="button" className="primary" onClick={() => setEditing('new')}>
          + Create action
        </button>
      </PageHeader>
      <div className="toolbar">
        <FilterBox label="Filter actions" value={filter} onChange={setFilter} />
        <button
          type="button"
          className="danger"
          disabled={selected.size === 0}
          onClick={() => setConfirm([...selected])}
        >
          Delete selected ({selected.size})
        </button>
      </div>
      <QueryState isPending={actions.isPending} error={actions.error} onRetry={() => void actions.refetch()}>
        <DataTable
          caption="Actions"
          rows={rows}
          columns={columns}
          rowKey={(a) => a.action_id}
          rowLabel={label}
          filter={filter}
          selected={selected}
          onSelectedChange={setSelected}
          actions={(a) => (
            <RowMenu
              label={`Actions for ${label(a)}`}
              items={[
                { label: 'Edit', onSelect: () => setEditing(a) },
                { label: 'Delete', danger: true, onSelect: () => setConfirm([a.action_id]) },
              ]}
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
      {editing ? (
        <ActionDialog {...(editing === 'new' ? {} : { action: editing })} onClose={() => setEditing(null)} />
      ) : null}
      {confirm ? (
        <ConfirmDialog
          title="Delete actions"
          message={`Delete ${confirm.length} action(s)? Jobs keep their own copy.`}
          confirmLabel="Delete"
          busy={del.isPending}
          onCancel={() => setConfirm(null)}
          onConfirm={() =>
            del.mutate(confirm, {
              onSuccess: (n) => {
                notify('success', `Deleted ${n} action(s)`);
                setConfirm(null);
                setSelected(new Set());
              },
              onError: (err) => notify('error', `Could not delete: ${errorMessage(err)}`),
            })
          }
        />
      ) : null}
    </>
  );
}
