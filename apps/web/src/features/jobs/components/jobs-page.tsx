import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { JobDoc as Job, SearchFilter } from '@freezer/api-client';
import { JOB_STATUSES } from '@freezer/schema';
import { PageHeader } from '../../../components/page-header';
import { ResourceList } from '../../../components/resource-list';
import { useListUrl } from '../../../components/use-list-url';
import { useJobs } from '../api/queries';
import { AttachSessionDialog } from './attach-session-dialog';
import { jobColumns, jobName } from './job-columns';
import { useJobCommands } from './use-job-commands';

// '' (unset) doubles as "any" in the filter.
const STATUSES = JOB_STATUSES;

export function JobsPage() {
  const navigate = useNavigate();
  const paging = useListUrl({ key: 'created', order: 'desc' });
  const status = paging.param('status');
  const [attach, setAttach] = useState<Job | null>(null);
  const search: SearchFilter | undefined = status ? { match: [{ status }] } : undefined;
  const jobs = useJobs({
    limit: paging.pageSize + 1,
    offset: paging.offset,
    ...(search ? { search } : {}),
    ...(paging.sort ? { sort: paging.sort.key, order: paging.sort.order } : {}),
    ...(paging.param('q') ? { filter: paging.param('q') } : {}),
  });
  const cmd = useJobCommands();

  return (
    <>
      <PageHeader title="Jobs">
        <Link className="button primary" to="/jobs/new">
          + Create job
        </Link>
      </PageHeader>
      <ResourceList
        title="Jobs"
        noun="job"
        query={jobs}
        paging={paging}
        serverFilter={{ value: paging.param('q'), onChange: (v) => paging.setParam('q', v) }}
        serverSort={paging.sort && { ...paging.sort, onSort: paging.setSort }}
        columns={jobColumns}
        rowKey={(j) => j.job_id}
        rowLabel={jobName}
        deletion={{
          title: 'Delete jobs',
          consequence: 'This cannot be undone.',
          busy: cmd.busy,
          run: cmd.remove,
        }}
        filters={
          <label>
            Status{' '}
            <select value={status} onChange={(e) => paging.setParam('status', e.target.value)}>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s || 'any'}
                </option>
              ))}
            </select>
          </label>
        }
        bulkActions={(ids, clear) => (
          <button
            type="button"
            disabled={ids.length === 0 || cmd.busy}
            onClick={() => cmd.runNow(ids, `${ids.length} job(s)`, clear)}
          >
            Back up now ({ids.length})
          </button>
        )}
        menu={(j, askDelete) => [
          { label: 'Back up now', onSelect: () => cmd.runNow([j.job_id], jobName(j)) },
          { label: 'Start', onSelect: () => cmd.sendEvent(j.job_id, jobName(j), 'start') },
          { label: 'Stop', onSelect: () => cmd.sendEvent(j.job_id, jobName(j), 'stop') },
          { label: 'Abort', onSelect: () => cmd.sendEvent(j.job_id, jobName(j), 'abort') },
          { label: 'Edit', onSelect: () => void navigate(`/jobs/${j.job_id}/edit`) },
          {
            label: 'Clone',
            onSelect: () => void navigate(`/jobs/new?from=${encodeURIComponent(j.job_id)}`),
          },
          { label: 'Attach to session', onSelect: () => setAttach(j) },
          { label: 'Delete', danger: true, onSelect: askDelete },
        ]}
      />
      {attach ? <AttachSessionDialog job={attach} onClose={() => setAttach(null)} /> : null}
    </>
  );
}
