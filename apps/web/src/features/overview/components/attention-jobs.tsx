import { useState } from 'react';
import { Link } from 'react-router';
import type { JobDoc as Job, RunDoc } from '@freezer/api-client';
import { runFailureReason } from '@freezer/schema';
import { QueryState } from '../../../components/query-state';
import { StatusBadge } from '../../../components/status-badge';
import { formatEpoch } from '../../../lib/format';
import { useJobs } from '../../jobs/api/queries';
import { RunLogDialog } from '../../jobs/components/run-log-dialog';
import { isLate } from '../api/late';
import { latestRunByJob } from '../api/latest-runs';
import { useRecentRuns } from '../api/queries';
import { PlainTable } from '../../../components/plain-table';
import { LinkButton } from '../../../components/link-button';

/** Failed jobs (server-side search on result) and late interval jobs, for the operator's first glance. */
export function AttentionJobs() {
  const failed = useJobs({ limit: 50, search: { match: [{ result: 'fail' }] } });
  const all = useJobs({ limit: 500 });
  const runs = useRecentRuns();
  const [open, setOpen] = useState<{ run: RunDoc; name: string } | null>(null);
  const latest = latestRunByJob(runs.data);
  const nowSec = Math.floor(Date.now() / 1000);
  const late = (all.data ?? []).filter((j) => isLate(j, nowSec));
  const rows: { job: Job; why: string }[] = [
    ...(failed.data ?? []).map((job) => ({ job, why: 'failed' })),
    ...late.map((job) => ({ job, why: 'late' })),
  ];
  return (
    <section className="card" aria-label="Failed and late jobs">
      <h2>Failed and late jobs</h2>
      <QueryState
        isPending={failed.isPending || all.isPending}
        error={failed.error ?? all.error}
        hasData={failed.data !== undefined && all.data !== undefined}
        isEmpty={rows.length === 0}
        emptyText="No failed or late jobs."
      >
        <PlainTable headers={['Job', 'Client', 'Why', 'Reason', 'Last run']} variant="compact">
          {rows.map(({ job, why }) => {
            const name = job.description || job.job_id;
            const run = why === 'failed' ? latest.get(job.job_id) : undefined;
            const reason = run ? runFailureReason(run) : '';
            return (
              <tr key={`${why}-${job.job_id}`}>
                <td>
                  <Link to={`/jobs/${job.job_id}`}>{name}</Link>
                </td>
                <td>{job.client_id}</td>
                <td>
                  <StatusBadge value={why === 'failed' ? 'fail' : 'stale'} /> {why}
                </td>
                <td className="run-reason" title={reason}>
                  {run ? (
                    <LinkButton onClick={() => setOpen({ run, name })}>{reason || 'show log'}</LinkButton>
                  ) : (
                    '—'
                  )}
                </td>
                <td>{formatEpoch(job.job_schedule?.time_started)}</td>
              </tr>
            );
          })}
        </PlainTable>
      </QueryState>
      {open ? (
        <RunLogDialog run={open.run} title={`Last run of ${open.name}`} onClose={() => setOpen(null)} />
      ) : null}
    </section>
  );
}
