import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { JsonView } from '../../../components/json-view';
import { PageHeader } from '../../../components/page-header';
import { QueryState } from '../../../components/query-state';
import { StatusBadge } from '../../../components/status-badge';
import { JobProgressBar } from '../../progress/components/job-progress-bar';
import { formatDate, formatEpoch } from '../../../lib/format';
import { summarizeAction } from '../../actions/api/action-form';
import { useClient } from '../../clients/api/queries';
import { useJob } from '../api/queries';
import { describeSchedule, nextRuns } from '../api/schedule';
import { jobName } from './job-columns';
import { JobRuns } from './job-runs';
import { JobDrills } from '../../drills/components/job-drills';
import { useJobCommands } from './use-job-commands';
import { PlainTable } from '../../../components/plain-table';

const TABS = ['Actions', 'Runs', 'Drills', 'JSON'] as const;

export function JobDetailPage({ jobId }: { jobId: string }) {
  const job = useJob(jobId);
  // A job without its own zone fires in its node's zone (when the node reported it).
  const nodeZone = useClient(job.data?.client_id ?? '', Boolean(job.data)).data?.client.time_zone;
  const cmd = useJobCommands();
  const navigate = useNavigate();
  const [tab, setTab] = useState<(typeof TABS)[number]>('Actions');
  const [confirm, setConfirm] = useState(false);
  const j = job.data;
  const name = j ? jobName(j) : jobId;
  return (
    <QueryState
      isPending={job.isPending}
      error={job.error}
      hasData={job.data !== undefined}
      onRetry={() => void job.refetch()}
    >
      {j ? (
        <>
          <PageHeader title={`Job: ${name}`}>
            <button
              type="button"
              className="primary"
              title="Run once now; the schedule and its next run stay as they are"
              onClick={() => cmd.runNow([jobId], name)}
            >
              Back up now
            </button>
            <button type="button" onClick={() => cmd.sendEvent(jobId, name, 'start')}>
              Start
            </button>
            <button type="button" onClick={() => cmd.sendEvent(jobId, name, 'stop')}>
              Stop
            </button>
            <button type="button" onClick={() => cmd.sendEvent(jobId, name, 'abort')}>
              Abort
            </button>
            <Link className="button" to={`/jobs/${jobId}/edit`}>
              Edit
            </Link>
            <button type="button" className="danger" onClick={() => setConfirm(true)}>
              Delete
            </button>
          </PageHeader>
          <dl className="detail-grid">
            <dt>Job id</dt>
            <dd className="mono">{j.job_id}</dd>
            <dt>Client</dt>
            <dd>
              <Link to={`/clients/${encodeURIComponent(j.client_id)}`}>{j.client_id}</Link>
            </dd>
            <dt>Status</dt>
            <dd aria-label="Job status">
              <StatusBadge value={j.job_schedule?.status} />
              {j.job_schedule?.event ? ` (${j.job_schedule.event} requested)` : ''}
              {j.job_schedule?.run_now !== undefined ? ' (back up now requested)' : ''}
              <JobProgressBar jobId={j.job_id} status={j.job_schedule?.status} />
            </dd>
            <dt>Last result</dt>
            <dd aria-label="Job result">
              <StatusBadge value={j.job_schedule?.result} />
            </dd>
            <dt>Schedule</dt>
            <dd>{describeSchedule(j.job_schedule)}</dd>
            <dt>Next run</dt>
            <dd aria-label="Next run">
              {formatDate(nextRuns(j.job_schedule ?? {}, new Date(), 1, nodeZone)[0])}
            </dd>
            <dt>Created</dt>
            <dd>{formatEpoch(j.job_schedule?.time_created)}</dd>
            <dt>Last started / ended</dt>
            <dd>
              {formatEpoch(j.job_schedule?.time_started)} / {formatEpoch(j.job_schedule?.time_ended)}
            </dd>
            <dt>Session</dt>
            <dd>{j.session_id ? <Link to={`/sessions/${j.session_id}`}>{j.session_id}</Link> : '—'}</dd>
          </dl>
          <div className="tabs" role="tablist" aria-label="Job details">
            {TABS.map((t) => (
              <button key={t} type="button" role="tab" aria-selected={tab === t} onClick={() => setTab(t)}>
                {t}
              </button>
            ))}
          </div>
          <div role="tabpanel" aria-label={tab}>
            {tab === 'Actions' ? (
              <PlainTable
                headers={['#', 'Action', 'Backup name', 'Container', 'Retries', 'Mandatory']}
                label="Job actions"
              >
                {j.job_actions.map((a, i) => (
                  <tr key={a.action_id ?? i}>
                    <td>{i + 1}</td>
                    <td>{summarizeAction(a.freezer_action)}</td>
                    <td>{String(a.freezer_action?.backup_name ?? '—')}</td>
                    <td>{String(a.freezer_action?.container ?? '—')}</td>
                    <td>{a.max_retries ?? '—'}</td>
                    <td>{a.mandatory ? 'yes' : 'no'}</td>
                  </tr>
                ))}
              </PlainTable>
            ) : null}
            {tab === 'Runs' ? <JobRuns jobId={jobId} /> : null}
            {tab === 'Drills' ? <JobDrills jobId={jobId} /> : null}
            {tab === 'JSON' ? <JsonView label="Job document" value={j} /> : null}
          </div>
          {confirm ? (
            <ConfirmDialog
              title="Delete job"
              message={`Delete job ${name}? This cannot be undone.`}
              confirmLabel="Delete"
              busy={cmd.busy}
              onCancel={() => setConfirm(false)}
              onConfirm={() => cmd.remove([jobId], `job ${name}`, () => void navigate('/jobs'))}
            />
          ) : null}
        </>
      ) : null}
    </QueryState>
  );
}
