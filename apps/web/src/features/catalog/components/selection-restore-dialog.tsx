import { useState } from 'react';
import { Link } from 'react-router';
import { SubmitDialog } from '../../../components/submit-dialog';
import { StatusBadge } from '../../../components/status-badge';
import { useToast } from '../../../components/toasts';
import { useCheckedSubmit } from '../../../components/use-checked-submit';
import { errorMessage } from '../../../lib/http';
import { RadioChoice } from '../../../components/radio-choice';
import { ClientPathFields } from '../../clients/components/client-path-fields';
import { useJob } from '../../jobs/api/queries';
import { useRestoreSelection } from '../api/restore-selection';
import { ORIGINAL_TARGET, toRestoreRequest, validateTarget, type RestoreTarget } from '../api/restore-target';

interface Props {
  backupId: string;
  /** What is restored, for the title: "3 items of docs at 2026-…". */
  title: string;
  paths: readonly string[];
  onClose: () => void;
}

/** Restore a selection of one point, then follow the job it created. */
export function SelectionRestoreDialog({ backupId, title, paths, onClose }: Props) {
  const [target, setTarget] = useState<RestoreTarget>(ORIGINAL_TARGET);
  const [created, setCreated] = useState<{ jobId: string; clientId: string } | null>(null);
  const restore = useRestoreSelection();
  const { notify } = useToast();
  const errors = validateTarget(target);
  const { showErrors, submit } = useCheckedSubmit(Object.keys(errors).length === 0, () =>
    restore.mutate(
      { backupId, req: toRestoreRequest(paths, target) },
      {
        onSuccess: (r) => {
          setCreated({ jobId: r.job_id, clientId: r.client_id });
          notify('success', `Restore job created on ${r.client_id}`);
        },
        onError: (err) => notify('error', `Could not create the restore job: ${errorMessage(err)}`),
      },
    ),
  );
  return (
    <SubmitDialog
      title={title}
      onClose={onClose}
      closeOnly={created !== null}
      submitLabel="Restore"
      busy={restore.isPending}
      onSubmit={submit}
    >
      {created ? (
        <CreatedJob jobId={created.jobId} clientId={created.clientId} />
      ) : (
        <>
          <ul className="restore-paths" aria-label="Selected paths">
            {paths.map((p) => (
              <li key={p} className="mono">
                {p}
              </li>
            ))}
          </ul>
          <RadioChoice
            legend="Restore to"
            name="restore-where"
            value={target.where}
            options={[
              { value: 'original', label: 'The original client and path' },
              { value: 'other', label: 'Another client or folder' },
            ]}
            onChange={(where) => setTarget({ ...target, where })}
          />
          {target.where === 'other' ? (
            <ClientPathFields
              clientId={target.clientId}
              path={target.path}
              pathLabel="Restore into folder"
              clientHint="Blank: the client that made the backup."
              errors={showErrors ? errors : {}}
              onClientId={(clientId) => setTarget({ ...target, clientId })}
              onPath={(path) => setTarget({ ...target, path })}
            />
          ) : null}
          <label className="field-check">
            <input
              type="checkbox"
              checked={target.overwrite}
              onChange={(e) => setTarget({ ...target, overwrite: e.target.checked })}
            />{' '}
            Overwrite files that exist at the target
          </label>
        </>
      )}
    </SubmitDialog>
  );
}

/** The job the restore created, with its status as the node reports it. */
function CreatedJob({ jobId, clientId }: { jobId: string; clientId: string }) {
  const job = useJob(jobId);
  const s = job.data?.job_schedule;
  return (
    <div role="status" aria-label="Restore job">
      <p>
        Restore job <Link to={`/jobs/${jobId}`}>{jobId}</Link> created on {clientId}; its scheduler runs it on
        the next poll.
      </p>
      <p>
        Status: <StatusBadge value={s?.status} /> Result:{' '}
        <span aria-label="Restore result">
          <StatusBadge value={s?.result} />
        </span>
      </p>
    </div>
  );
}
