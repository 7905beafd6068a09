import { Modal } from './modal';
import { SubmitFooter } from './submit-footer';

interface ConfirmDialogProps {
  title: string;
  message: string;
  confirmLabel: string;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

export function ConfirmDialog({
  title,
  message,
  confirmLabel,
  busy,
  onConfirm,
  onCancel,
}: ConfirmDialogProps) {
  return (
    <Modal
      title={title}
      onClose={onCancel}
      footer={
        <SubmitFooter
          submitLabel={confirmLabel}
          busy={busy ?? false}
          tone="danger"
          onClose={onCancel}
          onSubmit={onConfirm}
        />
      }
    >
      <p>{message}</p>
    </Modal>
  );
}
