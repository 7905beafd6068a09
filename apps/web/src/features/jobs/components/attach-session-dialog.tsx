import { useState } from 'react';
import type { JobDoc as Job } from '@freezer/api-client';
import { Field } from '../../../components/field';
import { Modal } from '../../../components/modal';
import { useToast } from '../../../components/toasts';
import { errorMessage } from '../../../lib/http';
import { useAttachJob, useSessions } from '../../sessions/api/queries';
import { AttachScheduleChoice } from '../../sessions/components/attach-schedule-choice';

export function AttachSessionDialog({ job, onClose }: { job: Job; onClose: () => void }) {
  const sessions = useSessions({ limit: -1 });
  const attach = useAttachJob();
  const { notify } = useToast();
  const [sessionId, setSessionId] = useState('');
  const [keepSchedule, setKeepSchedule] = useState(true);
  const list = sessions.data ?? [];
  const chosen = list.find((s) => s.session_id === sessionId);
  return (
    <Modal
      title={`Attach ${job.description || job.job_id} to a session`}
      onClose={onClose}
      footer={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="primary"
            disabled={!sessionId || attach.isPending}
            onClick={() =>
              attach.mutate(
                { sessionId, jobId: job.job_id, keepSchedule },
                {
                  onSuccess: () => {
                    notify('success', 'Job attached to the session');
                    onClose();
                  },
                  onError: (err) => notify('error', `Could not attach: ${errorMessage(err)}`),
                },
              )
            }
          >
            Attach
          </button>
        </>
      }
    >
      <Field label="Session" error={sessions.error ? errorMessage(sessions.error) : undefined}>
        {(p) => (
          <select {...p} value={sessionId} onChange={(e) => setSessionId(e.target.value)}>
            <option value="">{list.length ? 'Choose a session…' : 'No sessions yet'}</option>
            {list.map((s) => (
              <option key={s.session_id} value={s.session_id}>
                {s.description || s.session_id}
              </option>
            ))}
          </select>
        )}
      </Field>
      {chosen ? (
        <AttachScheduleChoice
          keep={keepSchedule}
          onChange={setKeepSchedule}
          jobSchedule={job.job_schedule}
          sessionSchedule={chosen.schedule}
        />
      ) : null}
    </Modal>
  );
}
