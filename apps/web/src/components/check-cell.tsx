interface CheckCellProps {
  /** `th` for the header's select-all box, `td` for a row's box. */
  as: 'th' | 'td';
  label: string;
  checked: boolean;
  disabled?: boolean;
  onChange: () => void;
}

/** A table's selection checkbox in its own narrow cell. */
export function CheckCell({ as: Cell, label, checked, disabled, onChange }: CheckCellProps) {
  return (
    <Cell {...(Cell === 'th' ? { scope: 'col' } : {})} className="col-check">
      <input type="checkbox" aria-label={label} checked={checked} disabled={disabled} onChange={onChange} />
    </Cell>
  );
}
