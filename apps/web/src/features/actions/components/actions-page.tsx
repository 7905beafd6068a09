import { useState } from 'react';
import type { ActionDoc } from '@freezer/api-client';
import { type Column } from '../../../components/data-table';
import { PageHeader } from '../../../components/page-header';
import { ResourceList } from '../../../components/resource-list';
import { useDeletion } from '../../../components/use-deletion';
import { useListUrl } from '../../../components/use-list-url';
import { shortId } from '../../../lib/format';
import { summarizeAction } from '../api/action-form';
import { useActions, useDeleteActions } from '../api/queries';
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
  const paging = useListUrl({ key: 'created', order: 'desc' });
  const [editing, setEditing] = useState<ActionDoc | 'new' | null>(null);
  const actions = useActions(paging.request);
  const deletion = useDeletion(useDeleteActions(), {
    title: 'Delete actions',
    consequence: 'Jobs keep their own copy.',
  });
  return (
    <>
      <PageHeader title="Actions">
        <button type="button" className="primary" onClick={() => setEditing('new')}>
          + Create action
        </button>
      </PageHeader>
      <ResourceList
        title="Actions"
        noun="action"
        query={actions}
        paging={paging}
        serverFilter={paging.textFilter}
        columns={columns}
        rowKey={(a) => a.action_id}
        rowLabel={label}
        deletion={deletion}
        menu={(a, askDelete) => [
          { label: 'Edit', onSelect: () => setEditing(a) },
          { label: 'Delete', danger: true, onSelect: askDelete },
        ]}
      />
      {editing ? (
        <ActionDialog {...(editing === 'new' ? {} : { action: editing })} onClose={() => setEditing(null)} />
      ) : null}
    </>
  );
}
