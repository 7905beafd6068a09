import type { ReactNode } from 'react';

interface RadioChoiceProps<T extends string> {
  legend: string;
  /** The radios' group name: unique on the page. */
  name: string;
  value: T;
  options: readonly { value: T; label: ReactNode }[];
  onChange: (value: T) => void;
}

/** One choice among a few, as labelled radios in a fieldset. */
export function RadioChoice<T extends string>({
  legend,
  name,
  value,
  options,
  onChange,
}: RadioChoiceProps<T>) {
  return (
    <fieldset className="attach-choice">
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.value}>
          <input type="radio" name={name} checked={value === o.value} onChange={() => onChange(o.value)} />{' '}
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}
