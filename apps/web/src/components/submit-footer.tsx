interface SubmitFooterProps {
  /** Nothing left to submit (done, or refused): only Close. */
  closeOnly: boolean;
  submitLabel: string;
  busy: boolean;
  onClose: () => void;
  onSubmit: () => void;
}

/** A dialog's Cancel + primary button, or only Close once there is nothing to submit. */
export function SubmitFooter({ closeOnly, submitLabel, busy, onClose, onSubmit }: SubmitFooterProps) {
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
      <button type="button" className="primary" disabled={busy} onClick={onSubmit}>
        {submitLabel}
      </button>
    </>
  );
}
