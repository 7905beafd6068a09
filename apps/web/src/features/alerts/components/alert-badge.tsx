import { Link } from 'react-router';
import { useFiringAlerts } from '../api/queries';

/** The header's count of firing alerts; a link to the Alerts page. Hidden while none fire. */
export function AlertBadge() {
  const firing = useFiringAlerts();
  const n = firing.data?.length ?? 0;
  if (n === 0) return null;
  const critical = firing.data?.some((a) => a.severity === 'critical');
  return (
    <Link
      to="/alerts"
      className={critical ? 'alert-badge alert-badge-critical' : 'alert-badge'}
      aria-label={`${n} alert${n === 1 ? '' : 's'} firing`}
    >
      <span aria-hidden="true">▲</span> {n} firing
    </Link>
  );
}
