import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { JsonView } from '../../../components/json-view';
import { PageHeader } from '../../../components/page-header';
import { QueryState } from '../../../components/query-state';
import { useToast } from '../../../components/toasts';
import { formatBytes, formatEpoch } from '../../../lib/format';
import { errorMessage } from '../../../lib/http';
import { backupFiles, backupSize, isEncrypted, levelLabel } from '../api/fields';
import { useBackup, useDeleteBackups } from '../api/queries';
import { RestoreDialog } from './restore-dialog';

export function BackupDetailPage({ backupId }: { backupId: string }) {
  const backup = useBackup(backupId);
  const del = useDeleteBackups();
  const { notify } = useToast();
  const navigate = useNavigate();
  const [restore, setRestore] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const b = backup.data;
  const m = b?.backup_metadata ?? {};
  return (
    <QueryState isPending={backup.isPending} error={backup.error} hasData={backup.data !== undefined}>
      {b ? (
        <>
          <PageHeader title={`Backup: ${m.backup_name ?? backupId}`}>
            <button type="button" className="primary" onClick={() => setRestore(true)}>
              Restore
            </button>
            <button type="button" className="danger" onClick={() => setConfirm(true)}>
              Delete
            </button>
          </PageHeader>
          <dl className="detail-grid">
            <dt>Backup id</dt>
            <dd className="mono">{b.backup_id}</dd>
            <dt>Host</dt>
            <dd>{m.hostname ?? '—'}</dd>
            <dt>Path</dt>
            <dd>{m.path_to_backup ?? '—'}</dd>
            <dt>Level</dt>
            <dd>{levelLabel(m)}</dd>
            <dt>Time</dt>
            <dd>{formatEpoch(m.time_stamp)}</dd>
            <dt>Size</dt>
            <dd>{formatBytes(backupSize(m))}</dd>
            <dt>Files</dt>
            <dd>{backupFiles(m) ?? '—'}</dd>
            <dt>Encrypted</dt>
            <dd>{isEncrypted(m) ? 'yes' : 'no'}</dd>
            <dt>Storage / container</dt>
            <dd>
              {m.storage ?? '—'} / {m.container ?? '—'}
            </dd>
          </dl>
          <JsonView label="Backup metadata" value={b} />
          {restore ? <RestoreDialog backup={b} onClose={() => setRestore(false)} /> : null}
          {confirm ? (
            <ConfirmDialog
              title="Delete backup record"
              message="Delete this backup record? The data on storage is not touched."
              confirmLabel="Delete"
              busy={del.isPending}
              onCancel={() => setConfirm(false)}
              onConfirm={() =>
                del.mutate([backupId], {
                  onSuccess: () => {
                    notify('success', 'Backup record deleted');
                    void navigate('/backups');
                  },
                  onError: (err) => notify('error', `Could not delete: ${errorMessage(err)}`),
                })
              }
            />
          ) : null}
        </>
      ) : null}
    </QueryState>
  );
}
