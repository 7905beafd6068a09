import type { BackupDoc } from '@freezer/api-client';
import { formatEpoch } from '../../../lib/format';
import { useBackups } from '../../backups/api/queries';

/** The other points of the same backup (same host and name), newest first, to browse the tree at each. */
export function PointPicker({ backup, onPick }: { backup: BackupDoc; onPick: (backupId: string) => void }) {
  const m = backup.backup_metadata;
  const points = useBackups({
    limit: 200,
    sort: 'time_stamp',
    order: 'desc',
    search: { match: [{ hostname: m.hostname ?? '' }, { backup_name: m.backup_name ?? '' }] },
  });
  const rows = points.data?.some((b) => b.backup_id === backup.backup_id) ? points.data : [backup];
  return (
    <label className="point-picker">
      Point{' '}
      <select value={backup.backup_id} onChange={(e) => onPick(e.target.value)}>
        {rows.map((b) => (
          <option key={b.backup_id} value={b.backup_id}>
            {formatEpoch(b.backup_metadata.time_stamp)} · level {b.backup_metadata.curr_backup_level ?? '?'}
            {b.backup_metadata.result === 'fail' ? ' · failed' : ''}
          </option>
        ))}
      </select>
    </label>
  );
}
