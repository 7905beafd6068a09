import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { DataTable } from '../../../components/data-table';
import { FilterBox } from '../../../components/filter-box';
import { PageHeader } from '../../../components/page-header';
import { Pager } from '../../../components/pager';
import { QueryState } from '../../../components/query-state';
import { RowMenu } from '../../../components/row-menu';
import { splitPage, usePaging } from '../../../components/use-paging';
import type { SearchFilter } from '../../../lib/paths';
import { useJobs } from '../api/queries';
import type { Job } from '../api/types';
import { AttachSessionDialog } from './attach-session-dialog';
import { jobColumns, jobName } from './job-columns';
import { useJobCommands } from './use-job-commands';

const STATUSES = ['', 'scheduled', 'running', 'completed', 'stop', 'aborting'];

export function JobsPage() {
  const navigate = useNavigate();
  const paging = usePaging();
  const [filter, setFilter] = useState('');
  const [status, setStatus] = useState('');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [confirm, setConfirm] = useState<{ ids: string[]; what: string } | null>(null);
  const [attach, setAttach] = useState<Job | null>(null);
  const search: SearchFilter | undefined = status ? { match: [{ status }] } : undefined;
  const jobs = useJobs({ limit: paging.pageSize + 1, offset: paging.offset, ...(search ? { search } : {}) });
  const { rows, hasNext } = splitPage(jobs.data, paging.pageSize);
  const cmd = useJobCommands();

  return (
    <>
      <PageHeader title="Jobs">
        <Link className="button primary" to="/jobs/new">
          + Create job
        </Link>
      </PageHeader>
      <div className="toolbar">
        <span className="page-actions">
          <FilterBox label="Filter jobs" value={filter} onChange={setFilter} />
          <label>
            Status{' '}
            <select
              value={status}
              onChange={(e) => {
                setStatus(e.target.value);
                paging.setPage(0);
              }}
            >
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s || 'any'}
                </option>
              ))}
            </select>
          </label>
        </span>
        <button
          type="button"
          className="danger"
          disabled={selected.size === 0}
          onClick={() => setConfirm({ ids: [...selected], what: `${selected.size} job(s)` })}
        >
          Delete selected ({selected.size})
        </button>
      </div>
      <QueryState isPending={jobs.isPending} error={jobs.error} onRetry={() => void jobs.refetch()}>
        <DataTable
          caption="Jobs"
          rows={rows}
          columns={jobColumns}
          rowKey={(j) => j.job_id}
          rowLabel={jobName}
          filter={filter}
          selected={selected}
          onSelectedChange={setSelected}
          actions={(j) => (
            <RowMenu
              label={`Actions for ${jobName(j)}`}
              items={[
                { label: 'Start', onSelect: () => cmd.sendEvent(j.job_id, jobName(j), 'start') },
                { label: 'Stop', onSelect: () => cmd.sendEvent(j.job_id, jobName(j), 'stop') },
                { label: 'Abort', onSelect: () => cmd.sendEvent(j.job_id, jobName(j), 'abort') },
                { label: 'Edit', onSelect: () => void navigate(`/jobs/${j.job_id}/edit`) },
                {
                  label: 'Clone',
                  onSelect: () => void navigate(`/jobs/new?from=${encodeURIComponent(j.job_id)}`),
                },
                { label: 'Attach to session', onSelect: () => setAttach(j) },
                {
                  label: 'Delete',
                  danger: true,
                  onSelect: () => setConfirm({ ids: [j.job_id], what: `job ${jobName(j)}` }),
                },
              ]}
            />
          )}
        />
        <Pager
          page={paging.page}
          pageSize={paging.pageSize}
          hasNext={hasNext}
          onPage={paging.setPage}
          onPageSize={paging.setPageSize}
        />
      </QueryState>
      {confirm ? (
        <ConfirmDialog
          title="Delete jobs"
          message={`Delete ${confirm.what}? This cannot be undone.`}
          confirmLabel="Delete"
          busy={cmd.busy}
          onCancel={() => setConfirm(null)}
          onConfirm={() =>
            cmd.remove(confirm.ids, confirm.what, () => {
              setConfirm(null);
              setSelected(new Set());
            })
          }
        />
      ) : null}
      {attach ? <AttachSessionDialog job={attach} onClose={() => setAttach(null)} /> : null}
    </>
  );
}
