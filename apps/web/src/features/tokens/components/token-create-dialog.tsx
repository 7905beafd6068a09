import type { TokenCreated, UserDoc } from '@freezer/schema';
import { useState } from 'react';
import { SelectField } from '../../../components/select-field';
import { Modal } from '../../../components/modal';
import { SubmitDialog } from '../../../components/submit-dialog';
import { useCheckedSubmit } from '../../../components/use-checked-submit';
import { errorMessage } from '../../../lib/http';
import { useProject } from '../../../lib/project';
import { useProjects } from '../../projects/api/queries';
import { useCreateToken } from '../api/queries';
import {
  allowedRoles,
  defaultRole,
  toTokenCreate,
  tokenProjects,
  validateTokenForm,
  type TokenForm,
} from '../api/token-form';
import { TokenSecret } from './token-secret';
import { TextField } from '../../../components/text-field';

/** Create form first; once the API answers, the same dialog shows the secret (and only then). */
export function TokenCreateDialog({ user, onClose }: { user: UserDoc; onClose: () => void }) {
  const { project } = useProject();
  const known = useProjects().data ?? [];
  const projects = tokenProjects(user, project, known);
  const start = projects.includes(project) ? project : (projects[0] ?? '');
  const [form, setForm] = useState<TokenForm>(() => ({
    name: '',
    project: start,
    role: defaultRole(allowedRoles(user, start)),
    clientId: '',
    expiresInDays: '',
  }));
  const [created, setCreated] = useState<TokenCreated | null>(null);
  const create = useCreateToken();
  const roles = allowedRoles(user, form.project);
  const errors = validateTokenForm(form, roles);
  const set = (patch: Partial<TokenForm>) => setForm((f) => ({ ...f, ...patch }));
  const { showErrors, submit } = useCheckedSubmit(Object.keys(errors).length === 0, () =>
    create.mutate(toTokenCreate(form), { onSuccess: setCreated }),
  );

  if (created) {
    return (
      <Modal
        title={`Token "${created.name}" created`}
        onClose={onClose}
        footer={
          <button type="button" onClick={onClose}>
            Done
          </button>
        }
      >
        <TokenSecret secret={created.token} project={created.project_id} />
      </Modal>
    );
  }

  const shown = showErrors ? errors : {};
  return (
    <SubmitDialog
      title="Create API token"
      onClose={onClose}
      submitLabel="Create token"
      busy={create.isPending}
      onSubmit={submit}
      asForm
    >
      <TextField label="Name" error={shown.name} value={form.name} onChange={(name) => set({ name })} />
      <SelectField
        label="Project"
        error={shown.project}
        value={form.project}
        options={projects}
        onChange={(project) => set({ project, role: defaultRole(allowedRoles(user, project)) })}
      />
      <SelectField
        label="Role"
        error={shown.role}
        hint="At most your own role in the project."
        value={form.role}
        options={roles}
        onChange={(role) => set({ role })}
      />
      <TextField
        label="Scheduler client (optional)"
        error={shown.clientId}
        hint="Set for a scheduler: the token then reads only this client's jobs and writes their results."
        value={form.clientId}
        onChange={(clientId) => set({ clientId })}
      />
      <TextField
        label="Expires in days (optional)"
        error={shown.expiresInDays}
        hint="Empty: never expires."
        inputMode="numeric"
        value={form.expiresInDays}
        onChange={(expiresInDays) => set({ expiresInDays })}
      />
      {/* Enter in any field submits; the visible button lives in the modal footer. */}
      <button type="submit" hidden />
      {create.error ? (
        <p className="danger-text" role="alert">
          Could not create the token: {errorMessage(create.error)}
        </p>
      ) : null}
    </SubmitDialog>
  );
}
