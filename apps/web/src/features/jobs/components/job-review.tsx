import type { NewJob } from '@freezer/api-client';
import { JsonView } from '../../../components/json-view';
import { formatDate } from '../../../lib/format';
import { summarizeAction } from '../../actions/api/action-form';
import { describeSchedule, nextRuns, scheduleZone } from '../api/schedule';

/** The wizard's last step: the job in words (what runs where and when), the document on request. */
export function JobReview({ job }: { job: NewJob }) {
  const s = job.job_schedule ?? {};
  const zone = scheduleZone(s);
  const next = nextRuns(s, new Date(), 3);
  return (
    <section aria-label="Review" className="card">
      <dl className="detail-grid">
        <dt>Job name</dt>
        <dd>{job.description || '—'}</dd>
        <dt>Client</dt>
        <dd>{job.client_id}</dd>
        <dt>Schedule</dt>
        <dd>{describeSchedule(s)}</dd>
        <dt>Starts</dt>
        <dd>{s.status === 'stop' ? 'held (stopped) until started' : 'as soon as the node sees it'}</dd>
        <dt>Next runs</dt>
        <dd>{next.length ? next.map((d) => formatDate(d, zone)).join(' · ') : '—'}</dd>
      </dl>
      <ol className="review-actions" aria-label="Actions to run">
        {(job.job_actions ?? []).map((a, i) => (
          <li key={i}>
            {summarizeAction(a.freezer_action)}
            {a.freezer_action?.backup_name ? ` — ${String(a.freezer_action.backup_name)}` : ''}
            {a.mandatory ? ' (mandatory)' : ''}
          </li>
        ))}
      </ol>
      <details>
        <summary>Job document (JSON)</summary>
        <JsonView label="Job document" value={job} />
      </details>
    </section>
  );
}
