import { Link } from 'react-router';
import type { BackupDoc } from '@freezer/api-client';
import type { Column } from '../../../components/data-table';
import { StatusBadge } from '../../../components/status-badge';
import { formatBytes, formatEpoch } from '../../../lib/format';
import { backupFiles, backupResult, backupSize, isEncrypted, levelLabel } from '../api/fields';

export const backupName = (b: BackupDoc) => b.backup_metadata?.backup_name || b.backup_id;

export const backupColumns: Column<BackupDoc>[] = [
  {
    key: 'name',
    header: 'Name',
    value: backupName,
    render: (b) => <Link to={`/backups/${b.backup_id}`}>{backupName(b)}</Link>,
  },
  {
    key: 'host',
    header: 'Host',
    sortKey: 'hostname',
    value: (b) => b.backup_metadata?.hostname ?? '',
    render: (b) => b.backup_metadata?.hostname ?? '—',
  },
  {
    key: 'level',
    header: 'Level',
    value: (b) => b.backup_metadata?.curr_backup_level ?? -1,
    render: (b) => levelLabel(b.backup_metadata ?? {}),
  },
  {
    key: 'result',
    header: 'Result',
    value: (b) => backupResult(b.backup_metadata ?? {}),
    render: (b) => <StatusBadge value={backupResult(b.backup_metadata ?? {})} />,
  },
  {
    key: 'time',
    header: 'Time',
    sortKey: 'time_stamp',
    value: (b) => b.backup_metadata?.time_stamp ?? -1,
    render: (b) => formatEpoch(b.backup_metadata?.time_stamp),
  },
  {
    key: 'size',
    header: 'Size',
    sortKey: 'bytes_stored',
    value: (b) => backupSize(b.backup_metadata ?? {}) ?? -1,
    render: (b) => formatBytes(backupSize(b.backup_metadata ?? {})),
  },
  {
    key: 'files',
    header: 'Files',
    value: (b) => backupFiles(b.backup_metadata ?? {}) ?? -1,
    render: (b) => backupFiles(b.backup_metadata ?? {}) ?? '—',
  },
  {
    key: 'encrypted',
    header: 'Encrypted',
    value: (b) => (isEncrypted(b.backup_metadata ?? {}) ? 1 : 0),
    render: (b) => (isEncrypted(b.backup_metadata ?? {}) ? 'yes' : 'no'),
  },
  {
    key: 'storage',
    header: 'Storage',
    value: (b) => b.backup_metadata?.storage ?? '',
    render: (b) => b.backup_metadata?.storage ?? '—',
  },
];
