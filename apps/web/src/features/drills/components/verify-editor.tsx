import { Field } from '../../../components/field';
import { INTERVAL_UNITS, type IntervalUnit } from '../../jobs/api/schedule';
import type { VerifyForm } from '../api/drill-job';

/** The "verify by restore" box of the job wizard: how often to drill, and an optional probe command. */
export function VerifyEditor({
  value,
  onChange,
  errors,
}: {
  value: VerifyForm;
  onChange: (v: VerifyForm) => void;
  errors: Record<string, string>;
}) {
  return (
    <fieldset className="verify-editor">
      <legend>Restore drills</legend>
      <label className="field field-check">
        <input
          type="checkbox"
          checked={value.enabled}
          onChange={(e) => onChange({ ...value, enabled: e.target.checked })}
        />
        Verify by restore (creates a drill job beside this one that restores the newest backup into a sandbox
        on the node and checks it)
      </label>
      {value.enabled ? (
        <div className="form-grid">
          <Field label="Drill every" error={errors.every}>
            {(p) => (
              <input
                {...p}
                inputMode="numeric"
                value={value.every}
                onChange={(e) => onChange({ ...value, every: e.target.value })}
              />
            )}
          </Field>
          <Field label="Unit">
            {(p) => (
              <select
                {...p}
                value={value.unit}
                onChange={(e) => onChange({ ...value, unit: e.target.value as IntervalUnit })}
              >
                {INTERVAL_UNITS.map((u) => (
                  <option key={u} value={u}>
                    {u}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            label="Probe command"
            hint="Optional; runs with the restored copy in $FREEZER_DRILL_SANDBOX."
          >
            {(p) => (
              <input
                {...p}
                value={value.probe}
                onChange={(e) => onChange({ ...value, probe: e.target.value })}
              />
            )}
          </Field>
        </div>
      ) : null}
    </fieldset>
  );
}
