import { Field } from './field';

interface SelectFieldProps<T extends string> {
  label: string;
  value: T;
  /** The choices, each shown as itself. */
  options: readonly T[];
  error?: string | undefined;
  hint?: string | undefined;
  disabled?: boolean | undefined;
  onChange: (value: T) => void;
}

/** A labelled drop-down of fixed choices (a Field around a <select>). */
export function SelectField<T extends string>({
  label,
  value,
  options,
  error,
  hint,
  disabled,
  onChange,
}: SelectFieldProps<T>) {
  return (
    <Field label={label} error={error} {...(hint ? { hint } : {})}>
      {(p) => (
        <select {...p} disabled={disabled} value={value} onChange={(e) => onChange(e.target.value as T)}>
          {options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
