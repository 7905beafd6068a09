import { useHealth } from '../features/overview/api/queries';

export function HealthIndicator() {
  const health = useHealth();
  const ok =
    health.data && ['ok', 'healthy', 'pass', 'up'].includes(String(health.data.status).toLowerCase());
  const text = health.isPending
    ? 'checking…'
    : health.error
      ? 'API unreachable'
      : ok
        ? 'API healthy'
        : `API ${String(health.data?.status)}`;
  return (
    <span
      className={`health ${ok ? 'health-ok' : health.isPending ? '' : 'health-bad'}`}
      aria-label="API health"
    >
      <span className="dot" aria-hidden="true" /> {text}
    </span>
  );
}
