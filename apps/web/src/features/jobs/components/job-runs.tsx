import { useState } from 'react';
import type { RunDoc } from '@freezer/api-client';
import { runFailureReason } from '@freezer/schema';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { QueryState } from '../../../components/query-state';
import { StatusBadge } from '../../../components/status-badge';
import { formatBytes, formatDuration, formatEpoch } from '../../../lib/format';
import { useJobRuns } from '../api/queries';
import { runStats } from '../api/run-stats';
import { RunLogDialog } from './run-log-dialog';
import { PlainTable } from '../../../components/plain-table';
import { LinkButton } from '../../../components/link-button';

export function JobRuns({ jobId }: { jobId: string }) {
  const runs = useJobRuns(jobId);
  const [open, setOpen] = useState<RunDoc | null>(null);
  const list = runs.data ?? [];
  // null: the API answered 404/405 for the runs route (the stock API keeps no history).
  const notSupported = runs.data === null;
  // The API lists newest first; a time axis runs oldest to newest.
  const chart = [...list]
    .reverse()
    .map((r) => ({ r, st: runStats(r) }))
    .filter(({ st }) => st.duration !== null)
    .map(({ r, st }) => ({
      start: formatEpoch(r.time_started),
      duration: st.duration,
      throughput: Math.round(st.throughput / 1024),
    }));
  if (notSupported) return <div className="state state-empty">This API does not record run history.</div>;
  return (
    <QueryState
      isPending={runs.isPending}
      error={runs.error}
      hasData={runs.data !== undefined}
      isEmpty={list.length === 0}
      emptyText="No runs yet."
    >
      {chart.length > 0 ? (
        <figure className="card chart" aria-label="Run duration">
          <figcaption>Duration (s) and throughput (KiB/s) per run</figcaption>
          <ResponsiveContainer width="100%" height={180}>
            <BarChart data={chart}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="start" fontSize={10} />
              <YAxis yAxisId="s" fontSize={11} />
              <YAxis yAxisId="kib" orientation="right" fontSize={11} />
              <Tooltip />
              <Legend />
              <Bar
                isAnimationActive={false}
                yAxisId="s"
                dataKey="duration"
                name="duration (s)"
                fill="#2f6ea5"
              />
              <Bar
                isAnimationActive={false}
                yAxisId="kib"
                dataKey="throughput"
                name="throughput (KiB/s)"
                fill="#7fb77e"
              />
            </BarChart>
          </ResponsiveContainer>
        </figure>
      ) : null}
      {/* Fits 1280 px: one time column (the end is in its tooltip), read and stored in one, and a
          reason cut to the width left (in full in its tooltip and the log). */}
      <PlainTable
        headers={['Started', 'Duration', 'Read → stored', 'Throughput', 'Result', 'Reason', 'Log']}
        variant="runs-table"
        label="Run history"
      >
        {list.map((r) => {
          const st = runStats(r);
          const reason = runFailureReason(r);
          return (
            <tr key={r.run_id}>
              <td className="nowrap" title={`ended ${formatEpoch(r.time_ended)}`}>
                {formatEpoch(r.time_started)}
              </td>
              <td className="nowrap">
                {r.time_ended > 0 ? formatDuration(r.time_ended - r.time_started) : 'running'}
              </td>
              <td className="nowrap">
                {st.bytesRead ? formatBytes(st.bytesRead) : '—'} →{' '}
                {st.bytesStored ? formatBytes(st.bytesStored) : '—'}
              </td>
              <td className="nowrap">{st.throughput ? `${formatBytes(st.throughput)}/s` : '—'}</td>
              <td>
                <StatusBadge value={r.result} />
              </td>
              <td className="run-reason" title={reason}>
                {reason || '—'}
              </td>
              <td>
                <LinkButton onClick={() => setOpen(r)}>Log</LinkButton>
              </td>
            </tr>
          );
        })}
      </PlainTable>
      {open ? (
        <RunLogDialog
          run={open}
          title={`Run of ${formatEpoch(open.time_started)}`}
          onClose={() => setOpen(null)}
        />
      ) : null}
    </QueryState>
  );
}
