import { useMemo } from 'react';
import { CheckField } from '../../../components/check-field';
import { formatDate } from '../../../lib/format';
import {
  nextRuns,
  scheduleZone,
  toJobSchedule,
  type ScheduleErrors,
  type ScheduleForm,
  type ScheduleKind,
} from '../api/schedule';
import { IntervalFields } from './interval-fields';
import { DateTimeField, TextField } from '../../../components/text-field';

interface ScheduleEditorProps {
  value: ScheduleForm;
  onChange: (next: ScheduleForm) => void;
  errors: ScheduleErrors;
}

const KINDS: { kind: ScheduleKind; label: string }[] = [
  { kind: 'now', label: 'Once, now' },
  { kind: 'once', label: 'Once' },
  { kind: 'interval', label: 'Interval' },
  { kind: 'cron', label: 'Cron' },
];

export function ScheduleEditor({ value, onChange, errors }: ScheduleEditorProps) {
  const set = (patch: Partial<ScheduleForm>) => onChange({ ...value, ...patch });
  const hasErrors = Object.keys(errors).length > 0;
  // The preview shows the slots in the job's zone: the times the node will really fire at.
  const zone = errors.timezone ? '' : scheduleZone(toJobSchedule(value));
  const preview = useMemo(
    () => (hasErrors ? [] : nextRuns(toJobSchedule(value), new Date(), 5)),
    [value, hasErrors],
  );
  return (
    <div className="schedule-editor">
      <fieldset>
        <legend>Repeat</legend>
        <div className="page-actions" role="radiogroup" aria-label="Schedule type">
          {KINDS.map((k) => (
            <label key={k.kind} className="field-check field">
              <input
                type="radio"
                name="schedule-kind"
                checked={value.kind === k.kind}
                onChange={() => set({ kind: k.kind })}
              />
              {k.label}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="form-grid">
        {value.kind === 'once' ? (
          <DateTimeField
            label="Run at"
            error={errors.date}
            value={value.date}
            onChange={(date) => set({ date })}
          />
        ) : null}
        {value.kind === 'interval' ? (
          <>
            <IntervalFields
              label="Every"
              every={value.intervalValue}
              unit={value.intervalUnit}
              error={errors.intervalValue}
              disabled={value.continuous}
              onEvery={(intervalValue) => set({ intervalValue })}
              onUnit={(intervalUnit) => set({ intervalUnit })}
            />
            <CheckField checked={value.continuous} onChange={(continuous) => set({ continuous })}>
              Continuous (restart as soon as it ends)
            </CheckField>
          </>
        ) : null}
        {value.kind === 'cron' ? (
          <TextField
            label="Cron expression"
            error={errors.cron}
            hint="minute hour day month day-of-week, e.g. 0 3 * * mon-fri"
            className="mono"
            value={value.cron}
            onChange={(cron) => set({ cron })}
          />
        ) : null}
        {value.kind === 'interval' || value.kind === 'cron' ? (
          <>
            <DateTimeField
              label="Start date"
              error={errors.startDate}
              value={value.startDate}
              onChange={(startDate) => set({ startDate })}
            />
            <DateTimeField
              label="End date"
              error={errors.endDate}
              value={value.endDate}
              onChange={(endDate) => set({ endDate })}
            />
          </>
        ) : null}
        {value.kind !== 'now' ? (
          <TextField
            label="Time zone"
            error={errors.timezone}
            hint="IANA zone of the cron fields and dates, e.g. Europe/Paris; empty = the node's zone"
            value={value.timezone}
            onChange={(timezone) => set({ timezone })}
          />
        ) : null}
      </div>
      <section aria-label="Next runs" className="card">
        <h3>
          Next runs (in {zone || 'the job’s zone'}
          {value.timezone.trim() ? '' : ', the node’s zone taken to be the browser’s'})
        </h3>
        {preview.length === 0 ? (
          <p className="hint">
            {hasErrors
              ? 'Fix the schedule to see its next runs.'
              : value.kind === 'now'
                ? 'Runs once, as soon as the scheduler picks it up (or when started).'
                : 'No future run.'}
          </p>
        ) : (
          <ol className="preview">
            {preview.map((d) => (
              <li key={d.getTime()}>{formatDate(d, zone)}</li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
