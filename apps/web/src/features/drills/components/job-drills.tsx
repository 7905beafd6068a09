import { QueryState } from '../../../components/query-state';
import { StatusBadge } from '../../../components/status-badge';
import { formatBytes, formatEpoch, formatSeconds } from '../../../lib/format';
import { useJobDrills } from '../api/queries';
import { PlainTable } from '../../../components/plain-table';

/** A job's restore drills (run in it, or verifying it), newest first, each with its reason when failed. */
export function JobDrills({ jobId }: { jobId: string }) {
  const drills = useJobDrills(jobId);
  const list = drills.data ?? [];
  return (
    <QueryState
      isPending={drills.isPending}
      error={drills.error}
      hasData={drills.data !== undefined}
      isEmpty={list.length === 0}
      emptyText="No restore drills yet: tick “Verify by restore” in the job editor, or add a drill action."
    >
      <PlainTable
        headers={['Started', 'Result', 'Point', 'Restore time', 'Rate', 'Entries checked', 'Reason']}
        label="Drill history"
      >
        {list.map((d) => (
          <tr key={d.drill_id}>
            <td>{formatEpoch(d.time_started)}</td>
            <td>
              <StatusBadge value={d.result} />
            </td>
            <td>{d.report.time_stamp ? formatEpoch(d.report.time_stamp) : '—'}</td>
            <td>{formatSeconds(d.restore_seconds)}</td>
            <td>{d.report.rate_bps !== undefined ? `${formatBytes(d.report.rate_bps)}/s` : '—'}</td>
            <td>{d.report.entries_checked ?? '—'}</td>
            <td>{d.error ?? ''}</td>
          </tr>
        ))}
      </PlainTable>
    </QueryState>
  );
}
