import { useHealth } from '../features/overview/api/queries';
import { formatDate } from '../lib/format';

/**
 * While the API cannot be reached, every page keeps its last data; this says since when that data
 * is, and that the pages refresh by themselves once the API answers again.
 */
export function ApiDownBanner() {
  const health = useHealth();
  if (!health.error) return null;
  const asOf = health.dataUpdatedAt > 0 ? formatDate(new Date(health.dataUpdatedAt)) : null;
  return (
    <div className="api-down-banner" role="status" aria-label="API unreachable">
      <strong>The Freezer API cannot be reached.</strong>{' '}
      {asOf ? `The pages show the data as of ${asOf}` : 'No data could be loaded yet'}; they refresh by
      themselves as soon as it answers again.
    </div>
  );
}
