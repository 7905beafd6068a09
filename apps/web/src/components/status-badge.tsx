import { JOB_RESULTS, JOB_STATUSES, SESSION_STATUSES } from '@freezer/schema';

// Statuses and results of the vocabulary, plus the clients' liveness words (dashboard-only).
const KNOWN = new Set<string>([...JOB_STATUSES, ...JOB_RESULTS, ...SESSION_STATUSES, 'online', 'stale']);

export function StatusBadge({ value }: { value: string | null | undefined }) {
  const v = value || '';
  if (!v) return <span className="badge badge-none">—</span>;
  return <span className={KNOWN.has(v) ? `badge badge-${v}` : 'badge'}>{v}</span>;
}
