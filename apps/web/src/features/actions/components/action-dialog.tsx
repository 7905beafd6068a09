import { useState } from 'react';
import type { ActionDoc } from '@freezer/api-client';
import { SubmitDialog } from '../../../components/submit-dialog';
import { useCheckedSubmit } from '../../../components/use-checked-submit';
import { useToast } from '../../../components/toasts';
import { errorMessage } from '../../../lib/http';
import { emptyActionForm, fromJobAction, toJobAction, validateAction } from '../api/action-form';
import { useSaveAction } from '../api/queries';
import { ActionEditor } from './action-editor';

export function ActionDialog({ action, onClose }: { action?: ActionDoc; onClose: () => void }) {
  const [form, setForm] = useState(() => (action ? fromJobAction(action) : emptyActionForm()));
  const save = useSaveAction();
  const { notify } = useToast();
  const errors = validateAction(form);
  const { showErrors, submit } = useCheckedSubmit(Object.keys(errors).length === 0, () =>
    save.mutate(
      { ...(action ? { id: action.action_id } : {}), action: toJobAction(form) },
      {
        onSuccess: () => {
          notify('success', action ? 'Action saved' : 'Action created');
          onClose();
        },
        onError: (err) => notify('error', `Could not save the action: ${errorMessage(err)}`),
      },
    ),
  );
  return (
    <SubmitDialog
      wide
      title={action ? 'Edit action' : 'Create action'}
      onClose={onClose}
      submitLabel={action ? 'Save action' : 'Create action'}
      busy={save.isPending}
      onSubmit={submit}
    >
      <ActionEditor value={form} onChange={setForm} errors={showErrors ? errors : {}} />
    </SubmitDialog>
  );
}
