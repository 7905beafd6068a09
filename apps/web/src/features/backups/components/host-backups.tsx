import { DataTable } from '../../../components/data-table';
import { useBackups } from '../api/queries';
import { backupColumns, backupName } from './backup-columns';

/**
 * Backups recorded without a client id (a stock scheduler does not add one) whose host name is the
 * client's: the client made them too. Shown only when there are some.
 */
export function HostBackups({ hostname }: { hostname: string }) {
  const backups = useBackups({
    limit: -1,
    search: { match: [{ hostname }] },
    sort: 'time_stamp',
    order: 'desc',
  });
  const rows = (backups.data ?? []).filter((b) => !b.backup_metadata?.client_id);
  if (rows.length === 0) return null;
  return (
    <section aria-label="Backups recorded by host name">
      <h3>Recorded by host name {hostname} (no client id: made by a stock scheduler)</h3>
      <DataTable
        caption="Backups recorded by host name"
        rows={rows}
        columns={backupColumns}
        rowKey={(b) => b.backup_id}
        rowLabel={backupName}
      />
    </section>
  );
}
