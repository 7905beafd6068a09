import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { BackupDoc } from '@freezer/api-client';
import { RadioChoice } from '../../../components/radio-choice';
import { SubmitDialog } from '../../../components/submit-dialog';
import { useToast } from '../../../components/toasts';
import { useCheckedSubmit } from '../../../components/use-checked-submit';
import { formatEpoch } from '../../../lib/format';
import { errorMessage } from '../../../lib/http';
import { useClientIds } from '../../clients/api/queries';
import { ClientInput } from '../../clients/components/client-input';
import { ClientPathFields } from '../../clients/components/client-path-fields';
import { Field } from '../../../components/field';
import { useCreateJob } from '../../jobs/api/queries';
import { backupResult } from '../api/fields';
import { restoreJob, restoresIntoVolume, validateRestore, type RestoreRequest } from '../api/restore';
import { DateTimeField } from '../../../components/text-field';

export function RestoreDialog({ backup, onClose }: { backup: BackupDoc; onClose: () => void }) {
  const m = backup.backup_metadata;
  const clients = useClientIds();
  const defaultClient = clients.find((c) => c === m.client_id || c.endsWith(`_${m.hostname ?? ''}`)) ?? '';
  const hasPoint = m.time_stamp !== undefined;
  const failed = backupResult(m) === 'fail';
  const [req, setReq] = useState<RestoreRequest>({
    clientId: '',
    restorePath: '',
    atPoint: hasPoint,
    fromDate: '',
  });
  const create = useCreateJob();
  const { notify } = useToast();
  const navigate = useNavigate();
  const effective = { ...req, clientId: req.clientId || defaultClient };
  const intoVolume = restoresIntoVolume(m);
  const errors = validateRestore(effective, intoVolume);
  const { showErrors, submit } = useCheckedSubmit(Object.keys(errors).length === 0, () =>
    create.mutate(restoreJob(m, effective), {
      onSuccess: (r) => {
        notify('success', `Restore job created on ${effective.clientId}`);
        onClose();
        void navigate(`/jobs/${r.job_id}`);
      },
      onError: (err) => notify('error', `Could not create the restore job: ${errorMessage(err)}`),
    }),
  );
  const title = `Restore ${m.backup_name ?? backup.backup_id}`;
  return (
    <SubmitDialog
      title={title}
      onClose={onClose}
      closeOnly={failed}
      submitLabel="Create restore job"
      busy={create.isPending}
      onSubmit={submit}
    >
      {failed ? (
        <p className="state state-error" role="alert">
          This backup failed at {formatEpoch(m.time_stamp)}: it left no point to restore. Restore an earlier
          backup that succeeded.
        </p>
      ) : (
        <>
          <p className="hint">
            Creates a one-shot restore job on the target client; its scheduler picks it up on the next poll.
            {intoVolume ? ' Cinder keeps this backup and restores it into a new volume.' : ''}
          </p>
          {intoVolume ? (
            <Field label="Target client" error={showErrors ? errors.clientId : undefined}>
              {(p) => (
                <ClientInput
                  {...p}
                  value={effective.clientId}
                  onChange={(clientId) => setReq({ ...req, clientId })}
                />
              )}
            </Field>
          ) : (
            <ClientPathFields
              clientId={effective.clientId}
              path={req.restorePath}
              pathLabel="Restore to path"
              errors={showErrors ? { clientId: errors.clientId, path: errors.restorePath } : {}}
              onClientId={(clientId) => setReq({ ...req, clientId })}
              onPath={(restorePath) => setReq({ ...req, restorePath })}
            />
          )}
          {hasPoint ? (
            <RadioChoice
              legend="State to restore"
              name="restore-point"
              value={req.atPoint ? 'point' : 'date'}
              options={[
                { value: 'point', label: `This backup, as of ${formatEpoch(m.time_stamp)}` },
                { value: 'date', label: 'The newest backup at or before a date' },
              ]}
              onChange={(v) => setReq({ ...req, atPoint: v === 'point' })}
            />
          ) : null}
          {req.atPoint ? null : (
            <DateTimeField
              label="From date"
              error={showErrors ? errors.fromDate : undefined}
              hint="In the node's time zone; empty: the newest backup."
              value={req.fromDate}
              onChange={(fromDate) => setReq({ ...req, fromDate })}
            />
          )}
        </>
      )}
    </SubmitDialog>
  );
}
