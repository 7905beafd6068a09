const KNOWN = new Set([
  'success',
  'fail',
  'aborted',
  'running',
  'scheduled',
  'completed',
  'stop',
  'aborting',
  'removed',
  'active',
  'online',
  'stale',
]);

export function StatusBadge({ value }: { value: string | null | undefined }) {
  const v = value || '';
  if (!v) return <span className="badge badge-none">—</span>;
  return <span className={KNOWN.has(v) ? `badge badge-${v}` : 'badge'}>{v}</span>;
}
