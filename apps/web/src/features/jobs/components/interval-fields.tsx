import { SelectField } from '../../../components/select-field';
import { TextField } from '../../../components/text-field';
import { INTERVAL_UNITS, type IntervalUnit } from '../api/schedule';

interface IntervalFieldsProps {
  label: string;
  every: string;
  unit: IntervalUnit;
  error?: string | undefined;
  disabled?: boolean;
  onEvery: (every: string) => void;
  onUnit: (unit: IntervalUnit) => void;
}

/** "Every N units": a count and its unit (job schedules, drill frequency). */
export function IntervalFields({
  label,
  every,
  unit,
  error,
  disabled,
  onEvery,
  onUnit,
}: IntervalFieldsProps) {
  return (
    <>
      <TextField
        label={label}
        error={error}
        inputMode="numeric"
        disabled={disabled}
        value={every}
        onChange={onEvery}
      />
      <SelectField label="Unit" disabled={disabled} value={unit} options={INTERVAL_UNITS} onChange={onUnit} />
    </>
  );
}
