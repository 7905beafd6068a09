import { useHealth } from '../features/overview/api/queries';

const HEALTHY = ['ok', 'healthy', 'pass', 'up'];

export function HealthIndicator() {
  const health = useHealth();
  // react-query keeps the last data after a failed refetch, so an error must win over it.
  const ok =
    !health.error && health.data !== undefined && HEALTHY.includes(String(health.data.status).toLowerCase());
  const text = health.isPending
    ? 'checking…'
    : health.error
      ? 'API unreachable'
      : ok
        ? 'API healthy'
        : `API ${String(health.data?.status)}`;
  const tone = health.isPending ? '' : ok ? 'health-ok' : 'health-bad';
  return (
    <span className={`health ${tone}`} aria-label="API health">
      <span className="dot" aria-hidden="true" /> {text}
    </span>
  );
}
