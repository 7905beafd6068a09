import { useState } from 'react';
import { Link } from 'react-router';
import type { SessionDoc as Session } from '@freezer/api-client';
import { type Column } from '../../../components/data-table';
import { PageHeader } from '../../../components/page-header';
import { StatusBadge } from '../../../components/status-badge';
import { ResourceList } from '../../../components/resource-list';
import { useDeletion } from '../../../components/use-deletion';
import { useListUrl } from '../../../components/use-list-url';
import { formatEpoch } from '../../../lib/format';
import { describeSchedule } from '../../jobs/api/schedule';
import { useDeleteSessions, useSessions } from '../api/queries';
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
  const paging = useListUrl({ key: 'created', order: 'desc' });
  const [editing, setEditing] = useState<Session | 'new' | null>(null);
  const sessions = useSessions(paging.request);
  const deletion = useDeletion(useDeleteSessions(), {
    title: 'Delete sessions',
    consequence: 'Their jobs stay.',
  });
  return (
    <>
      <PageHeader title="Sessions">
        <button type="button" className="primary" onClick={() => setEditing('new')}>
          + Create session
        </button>
      </PageHeader>
      <ResourceList
        title="Sessions"
        noun="session"
        query={sessions}
        paging={paging}
        serverFilter={paging.textFilter}
        columns={columns}
        rowKey={(s) => s.session_id}
        rowLabel={name}
        deletion={deletion}
        menu={(s, askDelete) => [
          { label: 'Edit', onSelect: () => setEditing(s) },
          { label: 'Delete', danger: true, onSelect: askDelete },
        ]}
      />
      {editing ? (
        <SessionDialog
          {...(editing === 'new' ? {} : { session: editing })}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </>
  );
}
