import type { ReactNode } from 'react';

interface LinkButtonProps {
  children: ReactNode;
  /** What the button does to which row, for screen readers ("Delete nightly"). */
  label?: string;
  onClick: () => void;
}

/** A button that looks like a link: a row's inline action. */
export function LinkButton({ children, label, onClick }: LinkButtonProps) {
  return (
    <button type="button" className="link" onClick={onClick} {...(label ? { 'aria-label': label } : {})}>
      {children}
    </button>
  );
}
