import { Field } from './field';

interface SelectFieldProps<T extends string> {
  label: string;
  value: T;
  /** The choices, each shown as itself. */
  options: readonly T[];
  error?: string | undefined;
  hint?: string | undefined;
  disabled?: boolean | undefined;
  /** A value not among the options (read from a stored document) stays as an extra choice. */
  keepUnknown?: boolean;
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
  keepUnknown = false,
  onChange,
}: SelectFieldProps<T>) {
  return (
    <Field label={label} error={error} {...(hint ? { hint } : {})}>
      {(p) => (
        <select {...p} disabled={disabled} value={value} onChange={(e) => onChange(e.target.value as T)}>
          {keepUnknown && value && !options.includes(value) ? <option value={value}>{value}</option> : null}
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
