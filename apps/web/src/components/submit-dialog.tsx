import type { ReactNode } from 'react';
import { Modal } from './modal';
import { SubmitFooter } from './submit-footer';

interface SubmitDialogProps {
  title: string;
  wide?: boolean;
  /** Nothing left to submit (done, or refused): the footer only closes. */
  closeOnly?: boolean;
  submitLabel: string;
  busy: boolean;
  /**
   * The body is a form: Enter in a field submits as the footer button does (the form needs a hidden
   * submit button for that).
   */
  asForm?: boolean;
  onClose: () => void;
  onSubmit: () => void;
  children: ReactNode;
}

/** A dialog that submits something: its body, and a footer with Cancel and the submit button. */
export function SubmitDialog({
  title,
  wide,
  closeOnly,
  submitLabel,
  busy,
  asForm,
  onClose,
  onSubmit,
  children,
}: SubmitDialogProps) {
  return (
    <Modal
      title={title}
      onClose={onClose}
      {...(wide ? { wide } : {})}
      footer={
        <SubmitFooter
          closeOnly={closeOnly ?? false}
          submitLabel={submitLabel}
          busy={busy}
          onClose={onClose}
          onSubmit={onSubmit}
        />
      }
    >
      {asForm ? (
        <form
          className="form-grid"
          onSubmit={(e) => {
            e.preventDefault();
            onSubmit();
          }}
        >
          {children}
        </form>
      ) : (
        children
      )}
    </Modal>
  );
}
