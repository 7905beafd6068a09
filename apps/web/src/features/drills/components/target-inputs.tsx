import { Field } from '../../../components/field';
import type { TargetsForm } from '../api/targets';

const INPUTS: { key: keyof TargetsForm; label: string; hint: string }[] = [
  { key: 'rpoHours', label: 'RPO target (hours)', hint: 'The oldest the last good backup may be.' },
  {
    key: 'rtoMinutes',
    label: 'RTO target (minutes)',
    hint: 'The longest a restore may take; drills measure it.',
  },
];

/** The job's RPO and RTO targets in the wizard's first step. */
export function TargetInputs({
  value,
  onChange,
  errors,
}: {
  value: TargetsForm;
  onChange: (v: TargetsForm) => void;
  errors: Partial<Record<keyof TargetsForm, string>>;
}) {
  return (
    <>
      {INPUTS.map((i) => (
        <Field key={i.key} label={i.label} error={errors[i.key]} hint={i.hint}>
          {(p) => (
            <input
              {...p}
              inputMode="decimal"
              value={value[i.key]}
              onChange={(e) => onChange({ ...value, [i.key]: e.target.value })}
            />
          )}
        </Field>
      ))}
    </>
  );
}
