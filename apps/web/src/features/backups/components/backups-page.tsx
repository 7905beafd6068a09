import { useState } from 'react';
import type { BackupDoc } from '@freezer/api-client';
import { PageHeader } from '../../../components/page-header';
import { ResourceList } from '../../../components/resource-list';
import { useDeletion } from '../../../components/use-deletion';
import { usePaging } from '../../../components/use-paging';
import { useBackups, useDeleteBackups } from '../api/queries';
import { backupColumns, backupName } from './backup-columns';
import { RestoreDialog } from './restore-dialog';

export function BackupsPage({ hostname }: { hostname?: string }) {
  const paging = usePaging();
  const [restore, setRestore] = useState<BackupDoc | null>(null);
  const backups = useBackups({
    limit: paging.pageSize + 1,
    offset: paging.offset,
    ...(hostname ? { search: { match: [{ hostname }] } } : {}),
  });
  const deletion = useDeletion(useDeleteBackups(), {
    title: 'Delete backup records',
    consequence: 'The data on storage is not touched.',
  });
  return (
    <>
      {hostname ? <h2>Backups of {hostname}</h2> : <PageHeader title="Backups" />}
      <ResourceList
        title="Backups"
        noun="backup record"
        query={backups}
        paging={paging}
        columns={backupColumns}
        rowKey={(b) => b.backup_id}
        rowLabel={backupName}
        deletion={deletion}
        menu={(b, askDelete) => [
          { label: 'Restore', onSelect: () => setRestore(b) },
          { label: 'Delete', danger: true, onSelect: askDelete },
        ]}
      />
      {restore ? <RestoreDialog backup={restore} onClose={() => setRestore(null)} /> : null}
    </>
  );
}
