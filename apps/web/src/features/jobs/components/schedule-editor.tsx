import { useMemo } from 'react';
import { Field } from '../../../components/field';
import { formatDate } from '../../../lib/format';
import {
  INTERVAL_UNITS,
  nextRuns,
  scheduleZone,
  toJobSchedule,
  type ScheduleErrors,
  type ScheduleForm,
  type ScheduleKind,
} from '../api/schedule';

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
          <Field label="Run at" error={errors.date}>
            {(p) => (
              <input
                {...p}
                type="datetime-local"
                step="1"
                value={value.date}
                onChange={(e) => set({ date: e.target.value })}
              />
            )}
          </Field>
        ) : null}
        {value.kind === 'interval' ? (
          <>
            <Field label="Every" error={errors.intervalValue}>
              {(p) => (
                <input
                  {...p}
                  inputMode="numeric"
                  disabled={value.continuous}
                  value={value.intervalValue}
                  onChange={(e) => set({ intervalValue: e.target.value })}
                />
              )}
            </Field>
            <Field label="Unit">
              {(p) => (
                <select
                  {...p}
                  disabled={value.continuous}
                  value={value.intervalUnit}
                  onChange={(e) => set({ intervalUnit: e.target.value as ScheduleForm['intervalUnit'] })}
                >
                  {INTERVAL_UNITS.map((u) => (
                    <option key={u} value={u}>
                      {u}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <label className="field field-check">
              <input
                type="checkbox"
                checked={value.continuous}
                onChange={(e) => set({ continuous: e.target.checked })}
              />
              Continuous (restart as soon as it ends)
            </label>
          </>
        ) : null}
        {value.kind === 'cron' ? (
          <Field
            label="Cron expression"
            error={errors.cron}
            hint="minute hour day month day-of-week, e.g. 0 3 * * mon-fri"
          >
            {(p) => (
              <input
                {...p}
                className="mono"
                value={value.cron}
                onChange={(e) => set({ cron: e.target.value })}
              />
            )}
          </Field>
        ) : null}
        {value.kind === 'interval' || value.kind === 'cron' ? (
          <>
            <Field label="Start date" error={errors.startDate}>
              {(p) => (
                <input
                  {...p}
                  type="datetime-local"
                  step="1"
                  value={value.startDate}
                  onChange={(e) => set({ startDate: e.target.value })}
                />
              )}
            </Field>
            <Field label="End date" error={errors.endDate}>
              {(p) => (
                <input
                  {...p}
                  type="datetime-local"
                  step="1"
                  value={value.endDate}
                  onChange={(e) => set({ endDate: e.target.value })}
                />
              )}
            </Field>
          </>
        ) : null}
        {value.kind !== 'now' ? (
          <Field
            label="Time zone"
            error={errors.timezone}
            hint="IANA zone of the cron fields and dates, e.g. Europe/Paris; empty = the node's zone"
          >
            {(p) => (
              <input {...p} value={value.timezone} onChange={(e) => set({ timezone: e.target.value })} />
            )}
          </Field>
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
