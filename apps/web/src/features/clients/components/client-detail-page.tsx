import { PageHeader } from '../../../components/page-header';
import { QueryState } from '../../../components/query-state';
import { DataTable } from '../../../components/data-table';
import { StatusBadge } from '../../../components/status-badge';
import { formatEpoch } from '../../../lib/format';
import { BackupsPage } from '../../backups/components/backups-page';
import { HostBackups } from '../../backups/components/host-backups';
import { useJobs } from '../../jobs/api/queries';
import { jobColumns, jobName } from '../../jobs/components/job-columns';
import { lastSeenSec, liveness } from '../api/liveness';
import { useClient } from '../api/queries';

export function ClientDetailPage({ clientId }: { clientId: string }) {
  const client = useClient(clientId);
  const jobs = useJobs({ limit: -1, search: { match: [{ client_id: clientId }] } });
  const c = client.data?.client;
  const state = c ? liveness(c, Math.floor(Date.now() / 1000)) : 'never';
  return (
    <QueryState isPending={client.isPending} error={client.error} hasData={client.data !== undefined}>
      {c ? (
        <>
          <PageHeader title={`Client: ${c.client_id}`} />
          <dl className="detail-grid">
            <dt>Hostname</dt>
            <dd>{c.hostname ?? '—'}</dd>
            <dt>Description</dt>
            <dd>{c.description ?? '—'}</dd>
            <dt>UUID</dt>
            <dd className="mono">{c.uuid ?? '—'}</dd>
            <dt>Version</dt>
            <dd>{c.version ?? '—'}</dd>
            <dt>Last seen</dt>
            <dd>
              {formatEpoch(lastSeenSec(c))} {state === 'never' ? null : <StatusBadge value={state} />}
            </dd>
            <dt>Time zone</dt>
            <dd>{c.time_zone ?? '— (not reported: an older or stock scheduler)'}</dd>
            <dt>Storages</dt>
            <dd>{(c.supported_storages ?? []).join(', ') || '—'}</dd>
          </dl>
          <h2>Jobs</h2>
          <QueryState isPending={jobs.isPending} error={jobs.error} hasData={jobs.data !== undefined}>
            <DataTable
              caption="Client jobs"
              rows={jobs.data ?? []}
              columns={jobColumns}
              rowKey={(j) => j.job_id}
              rowLabel={jobName}
            />
          </QueryState>
          <BackupsPage clientId={c.client_id} />
          {c.hostname ? <HostBackups hostname={c.hostname} /> : null}
        </>
      ) : null}
    </QueryState>
  );
}
