import { QueryState } from '../../../components/query-state';
import { formatBytes, formatPercent } from '../../../lib/format';
import { useSummary } from '../api/queries';
import { CountList, StatCard } from './stat-card';

export function SummaryCards() {
  const summary = useSummary();
  const s = summary.data;
  return (
    <QueryState
      isPending={summary.isPending}
      error={summary.error}
      hasData={summary.data !== undefined}
      onRetry={() => void summary.refetch()}
    >
      {s ? (
        <div className="cards">
          <StatCard title="Jobs" value={s.jobs.total}>
            <CountList label="Jobs by status" title="status" counts={s.jobs.by_status} />
            <CountList label="Jobs by result" title="result" counts={s.jobs.by_result} />
          </StatCard>
          <StatCard title="Clients" value={s.clients.total}>
            <span className="badge badge-online">{s.clients.online} online</span>{' '}
            <span className="badge badge-stale">{s.clients.stale} stale</span>
          </StatCard>
          <StatCard title="Sessions" value={s.sessions.total} />
          <StatCard title="Backups" value={s.backups.total}>
            {formatBytes(s.backups.bytes_stored)} stored
          </StatCard>
          <StatCard title="Success rate (24 h)" value={formatPercent(s.runs_24h.success_rate)}>
            {s.runs_24h.success} ok / {s.runs_24h.fail} failed of {s.runs_24h.total} runs
          </StatCard>
        </div>
      ) : null}
    </QueryState>
  );
}
