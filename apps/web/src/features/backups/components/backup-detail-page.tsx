import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { JsonView } from '../../../components/json-view';
import { PageHeader } from '../../../components/page-header';
import { QueryState } from '../../../components/query-state';
import { StatusBadge } from '../../../components/status-badge';
import { useToast } from '../../../components/toasts';
import { formatBytes, formatEpoch } from '../../../lib/format';
import { errorMessage } from '../../../lib/http';
import { BrowseTab } from '../../catalog/components/browse-tab';
import { backupFiles, backupResult, backupSize, isEncrypted, levelLabel } from '../api/fields';
import { useBackup, useDeleteBackups } from '../api/queries';
import { RestoreDialog } from './restore-dialog';

const TABS = ['Details', 'Browse'] as const;

export function BackupDetailPage({ backupId }: { backupId: string }) {
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'browse' ? 'Browse' : 'Details';
  const path = params.get('path') ?? '';
  const browseAt = (id: string, p: string) =>
    `/backups/${encodeURIComponent(id)}?${new URLSearchParams({ tab: 'browse', path: p }).toString()}`;
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
            {backupResult(m) === 'fail' ? null : (
              <button type="button" className="primary" onClick={() => setRestore(true)}>
                Restore
              </button>
            )}
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
            <dt>Result</dt>
            <dd aria-label="Backup result">
              <StatusBadge value={backupResult(m)} />
            </dd>
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
          <div className="tabs" role="tablist" aria-label="Backup views">
            {TABS.map((t) => (
              <button
                key={t}
                type="button"
                role="tab"
                aria-selected={tab === t}
                onClick={() => setParams(t === 'Browse' ? { tab: 'browse' } : {})}
              >
                {t}
              </button>
            ))}
          </div>
          <div role="tabpanel" aria-label={tab}>
            {tab === 'Browse' ? (
              <BrowseTab
                backup={b}
                path={path}
                onPath={(p) => setParams({ tab: 'browse', path: p })}
                onPoint={(id) => void navigate(browseAt(id, path))}
              />
            ) : (
              <JsonView label="Backup metadata" value={b} />
            )}
          </div>
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
