import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { QueryState } from '../../../components/query-state';
import { StatusBadge } from '../../../components/status-badge';
import { formatDuration, formatEpoch } from '../../../lib/format';
import { ApiError } from '../../../lib/http';
import { useJobRuns } from '../api/queries';

export function JobRuns({ jobId }: { jobId: string }) {
  const runs = useJobRuns(jobId);
  const list = runs.data ?? [];
  const notSupported = runs.error instanceof ApiError && runs.error.status === 404;
  const chart = list
    .filter((r) => r.time_started > 0 && r.time_ended >= r.time_started)
    .map((r) => ({
      start: formatEpoch(r.time_started),
      duration: r.time_ended - r.time_started,
      result: r.result,
    }));
  if (notSupported) return <div className="state state-empty">This API does not record run history.</div>;
  return (
    <QueryState
      isPending={runs.isPending}
      error={runs.error}
      isEmpty={list.length === 0}
      emptyText="No runs yet."
    >
      {chart.length > 1 ? (
        <figure className="card chart" aria-label="Run duration">
          <figcaption>Duration per run (s)</figcaption>
          <ResponsiveContainer width="100%" height={180}>
            <BarChart data={chart}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="start" fontSize={10} />
              <YAxis fontSize={11} />
              <Tooltip />
              <Bar isAnimationActive={false} dataKey="duration" fill="#2f6ea5" />
            </BarChart>
          </ResponsiveContainer>
        </figure>
      ) : null}
      <table className="data-table" aria-label="Run history">
        <thead>
          <tr>
            <th scope="col">Started</th>
            <th scope="col">Ended</th>
            <th scope="col">Duration</th>
            <th scope="col">Result</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {list.map((r) => (
            <tr key={r.run_id}>
              <td>{formatEpoch(r.time_started)}</td>
              <td>{formatEpoch(r.time_ended)}</td>
              <td>{r.time_ended > 0 ? formatDuration(r.time_ended - r.time_started) : 'running'}</td>
              <td>
                <StatusBadge value={r.result} />
              </td>
              <td>{Array.isArray(r.actions) ? r.actions.length : 0}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </QueryState>
  );
}
