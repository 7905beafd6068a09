import { CheckField } from '../../../components/check-field';
import { TextField } from '../../../components/text-field';
import { IntervalFields } from '../../jobs/components/interval-fields';
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
      <CheckField checked={value.enabled} onChange={(enabled) => onChange({ ...value, enabled })}>
        Verify by restore (creates a drill job beside this one that restores the newest backup into a sandbox
        on the node and checks it)
      </CheckField>
      {value.enabled ? (
        <div className="form-grid">
          <IntervalFields
            label="Drill every"
            every={value.every}
            unit={value.unit}
            error={errors.every}
            onEvery={(every) => onChange({ ...value, every })}
            onUnit={(unit) => onChange({ ...value, unit })}
          />
          <TextField
            label="Probe command"
            hint="Optional; runs with the restored copy in $FREEZER_DRILL_SANDBOX."
            value={value.probe}
            onChange={(probe) => onChange({ ...value, probe })}
          />
        </div>
      ) : null}
    </fieldset>
  );
}
