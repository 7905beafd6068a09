import type { InputHTMLAttributes } from 'react';
import { Field } from './field';

type InputProps = Pick<
  InputHTMLAttributes<HTMLInputElement>,
  'type' | 'step' | 'inputMode' | 'className' | 'disabled' | 'placeholder'
>;

interface TextFieldProps extends InputProps {
  label: string;
  value: string;
  error?: string | undefined;
  hint?: string | undefined;
  onChange: (value: string) => void;
}

/** A labelled one-line input (a Field around an <input>) that reports its text. */
export function TextField({ label, value, error, hint, onChange, ...input }: TextFieldProps) {
  return (
    <Field label={label} error={error} {...(hint ? { hint } : {})}>
      {(p) => <input {...p} {...input} value={value} onChange={(e) => onChange(e.target.value)} />}
    </Field>
  );
}

/** A date and time to the second, in the browser's local form (`YYYY-MM-DDTHH:MM:SS`). */
export function DateTimeField(props: Omit<TextFieldProps, 'type' | 'step'>) {
  return <TextField {...props} type="datetime-local" step="1" />;
}
