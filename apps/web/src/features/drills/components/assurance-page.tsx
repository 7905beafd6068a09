import { useState } from 'react';
import { Link } from 'react-router';
import { DataTable, type Column } from '../../../components/data-table';
import { PageHeader } from '../../../components/page-header';
import { QueryState } from '../../../components/query-state';
import { formatDuration, formatEpoch, formatSeconds } from '../../../lib/format';
import { assuranceRows, clientRows, type AssuranceRow, type ClientAssurance } from '../api/assurance';
import { useAssuranceData, useJobDrills } from '../api/queries';
import { TrendCharts } from './trend-charts';
import { LinkButton } from '../../../components/link-button';

const BADGE = { verified: 'badge badge-success', failed: 'badge badge-fail', never: 'badge' } as const;
const VERIFICATION_TEXT = {
  verified: 'verified',
  failed: 'last drill failed',
  never: 'never verified',
} as const;

function Target({
  actual,
  target,
  breached,
  format,
}: {
  actual?: number;
  target?: number;
  breached: boolean;
  format: (s: number | undefined) => string;
}) {
  return (
    <span className={breached ? 'breach' : undefined}>
      {format(actual)}
      {target !== undefined ? <small> / {formatDuration(target)}</small> : null}
    </span>
  );
}

const jobColumns = (select: (id: string) => void): Column<AssuranceRow>[] => [
  {
    key: 'name',
    header: 'Job',
    render: (r) => <LinkButton onClick={() => select(r.jobId)}>{r.name}</LinkButton>,
    value: (r) => r.name,
  },
  { key: 'client', header: 'Client', render: (r) => r.clientId, value: (r) => r.clientId },
  {
    key: 'rpo',
    header: 'Last good backup age / RPO',
    render: (r) => (
      <Target actual={r.backupAge} target={r.rpoSeconds} breached={r.rpoBreached} format={formatDuration} />
    ),
    value: (r) => r.backupAge ?? Number.MAX_SAFE_INTEGER,
  },
  {
    key: 'rto',
    header: 'Last restore time / RTO',
    render: (r) => (
      <Target
        actual={r.lastRestoreSeconds}
        target={r.rtoSeconds}
        breached={r.rtoBreached}
        format={formatSeconds}
      />
    ),
    value: (r) => r.lastRestoreSeconds ?? -1,
  },
  {
    key: 'verified',
    header: 'Verified',
    render: (r) => (
      <span className={BADGE[r.verification]} title={r.lastDrillError}>
        {VERIFICATION_TEXT[r.verification]}
      </span>
    ),
    value: (r) => r.verification,
  },
  {
    key: 'proven',
    header: 'Last proven restorable',
    render: (r) => formatEpoch(r.lastProven),
    value: (r) => r.lastProven ?? 0,
  },
  { key: 'worst', header: 'Risk', render: (r) => r.worst.toFixed(1), value: (r) => r.worst },
];

const clientColumns: Column<ClientAssurance>[] = [
  {
    key: 'client',
    header: 'Client',
    render: (c) => <Link to={`/clients/${encodeURIComponent(c.clientId)}`}>{c.clientId}</Link>,
    value: (c) => c.clientId,
  },
  { key: 'jobs', header: 'Backup jobs', render: (c) => c.jobs, value: (c) => c.jobs },
  { key: 'unverified', header: 'Not verified', render: (c) => c.unverified, value: (c) => c.unverified },
  { key: 'worst', header: 'Worst job', render: (c) => c.worst.name, value: (c) => c.worst.worst },
  {
    key: 'proven',
    header: 'Last proven restorable',
    render: (c) => formatEpoch(c.lastProven),
    value: (c) => c.lastProven ?? 0,
  },
];

/** RPO/RTO: per backup job and client, targets against the actual backup age and measured restore time. */
export function AssurancePage() {
  const data = useAssuranceData();
  const [selected, setSelected] = useState<string | undefined>();
  const rows = data.data
    ? assuranceRows(data.data.jobs, data.data.backups, data.data.drills, Math.floor(Date.now() / 1000))
    : [];
  const jobId = selected ?? rows[0]?.jobId;
  const drills = useJobDrills(jobId);
  const current = rows.find((r) => r.jobId === jobId);
  return (
    <>
      <PageHeader title="RPO / RTO" />
      <QueryState
        isPending={data.isPending}
        error={data.error}
        hasData={data.data !== undefined}
        isEmpty={rows.length === 0}
        emptyText="No backup jobs yet."
      >
        <div className="assurance">
          <p className="muted">
            Worst first: breached targets, then failed drills, then jobs never verified by a restore drill.
          </p>
          <DataTable
            caption="Backup jobs by risk"
            rows={rows}
            columns={jobColumns(setSelected)}
            rowKey={(r) => r.jobId}
            rowLabel={(r) => r.name}
          />
          <h2>Clients</h2>
          <DataTable
            caption="Clients by risk"
            rows={clientRows(rows)}
            columns={clientColumns}
            rowKey={(c) => c.clientId}
            rowLabel={(c) => c.clientId}
          />
          {current && data.data ? (
            <section aria-label={`Trends of ${current.name}`}>
              <h2>
                Trends: <Link to={`/jobs/${current.jobId}`}>{current.name}</Link>
              </h2>
              {current.lastDrillError ? (
                <p className="field-error">Last drill: {current.lastDrillError}</p>
              ) : null}
              <TrendCharts jobId={current.jobId} backups={data.data.backups} drills={drills.data ?? []} />
            </section>
          ) : null}
        </div>
      </QueryState>
    </>
  );
}
