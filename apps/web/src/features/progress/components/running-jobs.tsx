import { Link } from 'react-router';
import { useJobs } from '../../jobs/api/queries';
import { useAllProgress } from '../api/live-progress';
import { ProgressBar } from './progress-bar';
import { PlainTable } from '../../../components/plain-table';

/** The overview's "Running now": every job reporting progress, newest update first. */
export function RunningJobs() {
  const running = useAllProgress();
  // The overview's job list (same query, already cached) gives the names.
  const jobs = useJobs({ limit: 500 });
  const names = new Map((jobs.data ?? []).map((j) => [j.job_id, j.description || j.job_id]));
  if (running.length === 0) return null;
  return (
    <section className="card" aria-label="Running now">
      <h2>Running now</h2>
      <PlainTable headers={['Job', 'Action', 'Progress']} variant="compact">
        {running.map(({ progress: p, seenAt }) => (
          <tr key={p.job_id}>
            <td>
              <Link to={`/jobs/${p.job_id}`}>{names.get(p.job_id) ?? p.job_id}</Link>
            </td>
            <td>{p.action ?? ''}</td>
            <td>
              <ProgressBar progress={p} seenAt={seenAt} />
            </td>
          </tr>
        ))}
      </PlainTable>
    </section>
  );
}
