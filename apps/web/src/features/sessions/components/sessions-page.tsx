import { useState } from 'react';
import { Link } from 'react-router';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { DataTable, type Column } from '../../../components/data-table';
import { FilterBox } from '../../../components/filter-box';
import { PageHeader } from '../../../components/page-header';
import { Pager } from '../../../components/pager';
import { QueryState } from '../../../components/query-state';
import { RowMenu } from '../../../components/row-menu';
import { StatusBadge } from '../../../components/status-badge';
import { useToast } from '../../../components/toasts';
import { splitPage, usePaging } from '../../../components/use-paging';
import { formatEpoch } from '../../../lib/format';
import { errorMessage } from '../../../lib/http';
import { describeSchedule } from '../../jobs/api/schedule';
import { useDeleteSessions, useSessions } from '../api/queries';
import type { Session } from '../api/types';
import { SessionDialog } from './session-dialog';

const name = (s: Session) => s.description || s.session_id;

const columns: Column<Session>[] = [
  {
    key: 'name',
    header: 'Name',
    value: name,
    render: (s) => <Link to={`/sessions/${s.session_id}`}>{name(s)}</Link>,
  },
  {
    key: 'status',
    header: 'Status',
    value: (s) => s.status ?? '',
    render: (s) => <StatusBadge value={s.status} />,
  },
  {
    key: 'result',
    header: 'Result',
    value: (s) => s.result ?? '',
    render: (s) => <StatusBadge value={s.result} />,
  },
  {
    key: 'jobs',
    header: 'Jobs',
    value: (s) => Object.keys(s.jobs ?? {}).length,
    render: (s) => Object.keys(s.jobs ?? {}).length,
  },
  {
    key: 'schedule',
    header: 'Schedule',
    value: (s) => describeSchedule(s.schedule),
    render: (s) => describeSchedule(s.schedule),
  },
  { key: 'tag', header: 'Tag', value: (s) => s.session_tag ?? 0, render: (s) => s.session_tag ?? 0 },
  {
    key: 'start',
    header: 'Last start',
    value: (s) => s.time_start ?? -1,
    render: (s) => formatEpoch(s.time_start),
  },
];

export function SessionsPage() {
  const paging = usePaging();
  const [filter, setFilter] = useState('');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [editing, setEditing] = useState<Session | 'new' | null>(null);
  const [confirm, setConfirm] = useState<string[] | null>(null);
  const sessions = useSessions({ limit: paging.pageSize + 1, offset: paging.offset });
  const { rows, hasNext } = splitPage(sessions.data, paging.pageSize);
  const del = useDeleteSessions();
  const { notify } = useToast();
  return (
    <>
      <PageHeader title="Sessions">
        <button type="button" className="primary" onClick={() => setEditing('new')}>
          + Create session
        </button>
      </PageHeader>
      <div className="toolbar">
        <FilterBox label="Filter sessions" value={filter} onChange={setFilter} />
        <button
          type="button"
          className="danger"
          disabled={selected.size === 0}
          onClick={() => setConfirm([...selected])}
        >
          Delete selected ({selected.size})
        </button>
      </div>
      <QueryState
        isPending={sessions.isPending}
        error={sessions.error}
        onRetry={() => void sessions.refetch()}
      >
        <DataTable
          caption="Sessions"
          rows={rows}
          columns={columns}
          rowKey={(s) => s.session_id}
          rowLabel={name}
          filter={filter}
          selected={selected}
          onSelectedChange={setSelected}
          actions={(s) => (
            <RowMenu
              label={`Actions for ${name(s)}`}
              items={[
                { label: 'Edit', onSelect: () => setEditing(s) },
                { label: 'Delete', danger: true, onSelect: () => setConfirm([s.session_id]) },
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
        <SessionDialog
          {...(editing === 'new' ? {} : { session: editing })}
          onClose={() => setEditing(null)}
        />
      ) : null}
      {confirm ? (
        <ConfirmDialog
          title="Delete sessions"
          message={`Delete ${confirm.length} session(s)? Their jobs stay.`}
          confirmLabel="Delete"
          busy={del.isPending}
          onCancel={() => setConfirm(null)}
          onConfirm={() =>
            del.mutate(confirm, {
              onSuccess: (n) => {
                notify('success', `Deleted ${n} session(s)`);
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
