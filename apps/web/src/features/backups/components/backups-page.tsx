import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { BackupDoc } from '@freezer/api-client';
import { PageHeader } from '../../../components/page-header';
import { ResourceList } from '../../../components/resource-list';
import { useDeletion } from '../../../components/use-deletion';
import { useListUrl } from '../../../components/use-list-url';
import { backupResult } from '../api/fields';
import { useBackups, useDeleteBackups } from '../api/queries';
import { backupColumns, backupName } from './backup-columns';
import { RestoreDialog } from './restore-dialog';

/** Every backup, or (with `clientId`) the backups a client made, found by its client id. */
export function BackupsPage({ clientId }: { clientId?: string }) {
  const paging = useListUrl({ key: 'time_stamp', order: 'desc' });
  const [restore, setRestore] = useState<BackupDoc | null>(null);
  const navigate = useNavigate();
  const backups = useBackups({
    limit: paging.pageSize + 1,
    offset: paging.offset,
    ...(paging.sort ? { sort: paging.sort.key, order: paging.sort.order } : {}),
    ...(paging.param('q') ? { filter: paging.param('q') } : {}),
    ...(clientId ? { search: { match: [{ client_id: clientId }] } } : {}),
  });
  const deletion = useDeletion(useDeleteBackups(), {
    title: 'Delete backup records',
    consequence: 'The data on storage is not touched.',
  });
  return (
    <>
      {clientId ? <h2>Backups of {clientId}</h2> : <PageHeader title="Backups" />}
      <ResourceList
        title="Backups"
        noun="backup record"
        query={backups}
        paging={paging}
        serverFilter={{ value: paging.param('q'), onChange: (v) => paging.setParam('q', v) }}
        serverSort={paging.sort && { ...paging.sort, onSort: paging.setSort }}
        columns={backupColumns}
        rowKey={(b) => b.backup_id}
        rowLabel={backupName}
        deletion={deletion}
        menu={(b, askDelete) => [
          // A failed backup left no point to restore from.
          ...(backupResult(b.backup_metadata ?? {}) === 'fail'
            ? []
            : [{ label: 'Restore', onSelect: () => setRestore(b) }]),
          { label: 'Browse', onSelect: () => void navigate(`/backups/${b.backup_id}?tab=browse`) },
          { label: 'Delete', danger: true, onSelect: askDelete },
        ]}
      />
      {restore ? <RestoreDialog backup={restore} onClose={() => setRestore(null)} /> : null}
    </>
  );
}
