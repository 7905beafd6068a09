import { useState } from 'react';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { DataTable } from '../../../components/data-table';
import { FilterBox } from '../../../components/filter-box';
import { PageHeader } from '../../../components/page-header';
import { Pager } from '../../../components/pager';
import { QueryState } from '../../../components/query-state';
import { RowMenu } from '../../../components/row-menu';
import { useToast } from '../../../components/toasts';
import { splitPage, usePaging } from '../../../components/use-paging';
import { errorMessage } from '../../../lib/http';
import { useBackups, useDeleteBackups } from '../api/queries';
import type { BackupDoc } from '../api/types';
import { backupColumns, backupName } from './backup-columns';
import { RestoreDialog } from './restore-dialog';

export function BackupsPage({ hostname }: { hostname?: string }) {
  const paging = usePaging();
  const [filter, setFilter] = useState('');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [confirm, setConfirm] = useState<string[] | null>(null);
  const [restore, setRestore] = useState<BackupDoc | null>(null);
  const backups = useBackups({
    limit: paging.pageSize + 1,
    offset: paging.offset,
    ...(hostname ? { search: { match: [{ hostname }] } } : {}),
  });
  const { rows, hasNext } = splitPage(backups.data, paging.pageSize);
  const del = useDeleteBackups();
  const { notify } = useToast();
  return (
    <>
      {hostname ? <h2>Backups of {hostname}</h2> : <PageHeader title="Backups" />}
      <div className="toolbar">
        <FilterBox label="Filter backups" value={filter} onChange={setFilter} />
        <button
          type="button"
          className="danger"
          disabled={selected.size === 0}
          onClick={() => setConfirm([...selected])}
        >
          Delete selected ({selected.size})
        </button>
      </div>
      <QueryState isPending={backups.isPending} error={backups.error} onRetry={() => void backups.refetch()}>
        <DataTable
          caption="Backups"
          rows={rows}
          columns={backupColumns}
          rowKey={(b) => b.backup_id}
          rowLabel={backupName}
          filter={filter}
          selected={selected}
          onSelectedChange={setSelected}
          actions={(b) => (
            <RowMenu
              label={`Actions for ${backupName(b)}`}
              items={[
                { label: 'Restore', onSelect: () => setRestore(b) },
                { label: 'Delete', danger: true, onSelect: () => setConfirm([b.backup_id]) },
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
      {restore ? <RestoreDialog backup={restore} onClose={() => setRestore(null)} /> : null}
      {confirm ? (
        <ConfirmDialog
          title="Delete backup records"
          message={`Delete ${confirm.length} backup record(s)? The data on storage is not touched.`}
          confirmLabel="Delete"
          busy={del.isPending}
          onCancel={() => setConfirm(null)}
          onConfirm={() =>
            del.mutate(confirm, {
              onSuccess: (n) => {
                notify('success', `Deleted ${n} backup record(s)`);
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
