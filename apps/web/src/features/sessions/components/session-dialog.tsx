import { useState } from 'react';
import type { SessionDoc as Session } from '@freezer/api-client';
import { Field } from '../../../components/field';
import { SubmitDialog } from '../../../components/submit-dialog';
import { useCheckedSubmit } from '../../../components/use-checked-submit';
import { useToast } from '../../../components/toasts';
import { errorMessage } from '../../../lib/http';
import { fromJobSchedule, toJobSchedule, validateSchedule } from '../../jobs/api/schedule';
import { ScheduleEditor } from '../../jobs/components/schedule-editor';
import { useCreateSession, useUpdateSession } from '../api/queries';
import { TextField } from '../../../components/text-field';

export function SessionDialog({ session, onClose }: { session?: Session; onClose: () => void }) {
  const [description, setDescription] = useState(session?.description ?? '');
  const [holdOff, setHoldOff] = useState(String(session?.hold_off ?? 30));
  const [schedule, setSchedule] = useState(() => fromJobSchedule(session?.schedule));
  const create = useCreateSession();
  const update = useUpdateSession();
  const { notify } = useToast();
  const scheduleErrors = validateSchedule(schedule);
  const holdOffError = /^\d+$/.test(holdOff.trim()) ? undefined : 'Hold-off is a whole number of seconds.';
  const { showErrors, submit } = useCheckedSubmit(
    !holdOffError && Object.keys(scheduleErrors).length === 0,
    () => {
      const body = {
        description: description.trim(),
        hold_off: Number(holdOff),
        schedule: toJobSchedule(schedule),
      };
      const done = {
        onSuccess: () => {
          notify('success', session ? 'Session saved' : 'Session created');
          onClose();
        },
        onError: (err: unknown) => notify('error', `Could not save the session: ${errorMessage(err)}`),
      };
      if (session) update.mutate({ id: session.session_id, session: body }, done);
      else create.mutate(body, done);
    },
  );
  return (
    <SubmitDialog
      wide
      title={session ? 'Edit session' : 'Create session'}
      onClose={onClose}
      submitLabel={session ? 'Save session' : 'Create session'}
      busy={create.isPending || update.isPending}
      onSubmit={submit}
    >
      <div className="form-grid">
        <Field label="Description">
          {(p) => <input {...p} value={description} onChange={(e) => setDescription(e.target.value)} />}
        </Field>
        <TextField
          label="Hold-off (s)"
          error={showErrors ? holdOffError : undefined}
          hint="Window in which all nodes must start."
          inputMode="numeric"
          value={holdOff}
          onChange={setHoldOff}
        />
      </div>
      <ScheduleEditor value={schedule} onChange={setSchedule} errors={showErrors ? scheduleErrors : {}} />
    </SubmitDialog>
  );
}
