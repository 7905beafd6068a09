import type { JobSchedule } from '@freezer/api-client';
import { describeSchedule } from '../../jobs/api/schedule';

/**
 * Whether a job joining a session keeps its own schedule (the default) or takes the session's (the
 * stock behaviour); the operator reads what will change before it does.
 */
export function AttachScheduleChoice({
  keep,
  onChange,
  jobSchedule,
  sessionSchedule,
}: {
  keep: boolean;
  onChange: (keep: boolean) => void;
  jobSchedule: JobSchedule | undefined;
  sessionSchedule: JobSchedule | undefined;
}) {
  const mine = describeSchedule(jobSchedule);
  const theirs = describeSchedule(sessionSchedule);
  return (
    <fieldset className="attach-choice">
      <legend>Schedule of the job</legend>
      <label>
        <input type="radio" name="attach-schedule" checked={keep} onChange={() => onChange(true)} /> Keep the
        job&apos;s schedule ({mine})
      </label>
      <label>
        <input type="radio" name="attach-schedule" checked={!keep} onChange={() => onChange(false)} /> Use the
        session&apos;s schedule ({theirs})
      </label>
      {!keep ? (
        <p className="warning" role="note">
          The job&apos;s schedule “{mine}” will be replaced by “{theirs}”, and its status and last result
          cleared.
        </p>
      ) : null}
    </fieldset>
  );
}
