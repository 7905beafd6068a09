interface SubmitFooterProps {
  /** Nothing left to submit (done, or refused): only Close. */
  closeOnly?: boolean;
  submitLabel: string;
  busy?: boolean;
  /** `danger` for a confirmation that destroys something. */
  tone?: 'primary' | 'danger';
  onClose: () => void;
  onSubmit: () => void;
}

/** A dialog's Cancel + primary button, or only Close once there is nothing to submit. */
export function SubmitFooter({
  closeOnly = false,
  submitLabel,
  busy = false,
  tone = 'primary',
  onClose,
  onSubmit,
}: SubmitFooterProps) {
  if (closeOnly)
    return (
      <button type="button" onClick={onClose}>
        Close
      </button>
    );
  return (
    <>
      <button type="button" onClick={onClose}>
        Cancel
      </button>
      <button type="button" className={tone} disabled={busy} onClick={onSubmit}>
        {submitLabel}
      </button>
    </>
  );
}
