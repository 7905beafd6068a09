import { Link } from 'react-router';
import type { JobDoc as Job } from '@freezer/api-client';
import type { Column } from '../../../components/data-table';
import { StatusBadge } from '../../../components/status-badge';
import { JobProgressBar } from '../../progress/components/job-progress-bar';
import { formatDate, formatEpoch } from '../../../lib/format';
import { describeSchedule, nextRuns } from '../api/schedule';

export const jobName = (j: Job) => j.description || j.job_id;

function nextRun(j: Job): Date | null {
  if (j.job_schedule?.event === 'stop' || j.job_schedule?.status === 'removed') return null;
  return nextRuns(j.job_schedule ?? {}, new Date(), 1)[0] ?? null;
}

export const jobColumns: Column<Job>[] = [
  {
    key: 'name',
    header: 'Name',
    value: jobName,
    render: (j) => <Link to={`/jobs/${j.job_id}`}>{jobName(j)}</Link>,
  },
  {
    key: 'client',
    header: 'Client',
    sortKey: 'client_id',
    value: (j) => j.client_id,
    render: (j) => j.client_id,
  },
  {
    key: 'schedule',
    header: 'Schedule',
    value: (j) => describeSchedule(j.job_schedule),
    render: (j) => describeSchedule(j.job_schedule),
  },
  {
    key: 'status',
    header: 'Status',
    sortKey: 'status',
    value: (j) => j.job_schedule?.status ?? '',
    render: (j) => (
      <>
        <StatusBadge value={j.job_schedule?.status} />
        <JobProgressBar jobId={j.job_id} status={j.job_schedule?.status} compact />
        {j.job_schedule?.event ? <small className="hint"> ({j.job_schedule.event} requested)</small> : null}
        {j.job_schedule?.run_now !== undefined ? (
          <small className="hint"> (back up now requested)</small>
        ) : null}
      </>
    ),
  },
  {
    key: 'result',
    header: 'Last result',
    sortKey: 'result',
    value: (j) => j.job_schedule?.result ?? '',
    render: (j) => <StatusBadge value={j.job_schedule?.result} />,
  },
  {
    key: 'last',
    header: 'Last run',
    value: (j) => j.job_schedule?.time_started ?? -1,
    render: (j) => formatEpoch(j.job_schedule?.time_started),
  },
  {
    key: 'next',
    header: 'Next run',
    value: (j) => nextRun(j)?.getTime() ?? Number.MAX_SAFE_INTEGER,
    render: (j) => formatDate(nextRun(j)),
  },
];
