import type { ReactNode } from 'react';

interface CheckFieldProps {
  checked: boolean;
  onChange: (checked: boolean) => void;
  /** The label text after the box. */
  children: ReactNode;
}

/** A checkbox with its label, laid out as one field of a form grid. */
export function CheckField({ checked, onChange, children }: CheckFieldProps) {
  return (
    <label className="field field-check">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {children}
    </label>
  );
}
