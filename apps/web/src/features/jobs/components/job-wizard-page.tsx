import { useNavigate, useSearchParams } from 'react-router';
import type { JobDoc as Job } from '@freezer/api-client';
import { PageHeader } from '../../../components/page-header';
import { QueryState } from '../../../components/query-state';
import { useToast } from '../../../components/toasts';
import { errorMessage } from '../../../lib/http';
import { emptyActionForm, fromJobAction } from '../../actions/api/action-form';
import { useClientIds } from '../../clients/api/queries';
import { useCreateJob, useJob, useUpdateJob } from '../api/queries';
import { emptyScheduleForm, fromJobSchedule } from '../api/schedule';
import { JobWizardForm, type WizardValues } from './job-wizard-form';
import { drillJobFor, emptyVerifyForm } from '../../drills/api/drill-job';
import { targetsFromJob } from '../../drills/api/targets';

function valuesFrom(job: Job | undefined, clone: boolean): WizardValues {
  if (!job)
    return {
      clientId: '',
      description: '',
      schedule: emptyScheduleForm,
      actions: [emptyActionForm()],
      startNow: true,
      targets: targetsFromJob(undefined),
      verify: emptyVerifyForm,
    };
  const actions = job.job_actions.map(fromJobAction);
  // A clone must not reuse action ids: the API would treat them as the originals.
  if (clone) actions.forEach((a) => delete a.actionId);
  return {
    clientId: job.client_id,
    description: clone ? `${job.description ?? ''} (copy)` : (job.description ?? ''),
    schedule: fromJobSchedule(job.job_schedule),
    actions,
    startNow: true,
    targets: targetsFromJob(job),
    verify: emptyVerifyForm,
  };
}

/** Create (optionally cloned from ?from=<id>) or edit (jobId given) a job. */
export function JobWizardPage({ jobId }: { jobId?: string }) {
  const [params] = useSearchParams();
  const fromId = params.get('from') ?? undefined;
  const sourceId = jobId ?? fromId;
  const source = useJob(sourceId);
  const clients = useClientIds();
  const create = useCreateJob();
  const update = useUpdateJob();
  const navigate = useNavigate();
  const { notify } = useToast();
  const editing = Boolean(jobId);
  // "Verify by restore": the drill job goes in after the backup job, whose id it points to.
  const addDrillJob = async (backupJobId: string, values: WizardValues): Promise<void> => {
    const drill = drillJobFor(backupJobId, values, values.verify);
    if (!drill) return;
    try {
      const r = await create.mutateAsync(drill);
      notify('success', `Created drill job ${r.job_id}`);
    } catch (err) {
      notify('error', `Could not create the drill job: ${errorMessage(err)}`);
    }
  };

  return (
    <>
      <PageHeader title={editing ? 'Edit job' : 'Create job'} />
      <QueryState isPending={Boolean(sourceId) && source.isPending} error={sourceId ? source.error : null}>
        <JobWizardForm
          key={source.data?.job_id ?? 'new'}
          initial={valuesFrom(source.data, !editing)}
          clients={clients}
          submitLabel={editing ? 'Save job' : 'Create job'}
          offerHold={!editing}
          busy={create.isPending || update.isPending}
          onCancel={() => void navigate(editing && jobId ? `/jobs/${jobId}` : '/jobs')}
          onSubmit={(job, values) => {
            if (editing && jobId) {
              const keep = source.data?.job_schedule ?? {};
              // PATCH replaces job_schedule whole: carry over the run state so editing does not reset it.
              const schedule = { ...job.job_schedule };
              for (const k of ['time_created', 'time_started', 'time_ended', 'status', 'result'] as const) {
                if (keep[k] !== undefined) Object.assign(schedule, { [k]: keep[k] });
              }
              update.mutate(
                { jobId, job: { ...job, job_schedule: schedule } },
                {
                  onSuccess: async () => {
                    notify('success', `Saved job ${job.description || jobId}`);
                    await addDrillJob(jobId, values);
                    void navigate(`/jobs/${jobId}`);
                  },
                  onError: (err) => notify('error', `Could not save the job: ${errorMessage(err)}`),
                },
              );
            } else {
              create.mutate(job, {
                onSuccess: async (r) => {
                  notify('success', `Created job ${job.description || r.job_id}`);
                  await addDrillJob(r.job_id, values);
                  void navigate(`/jobs/${r.job_id}`);
                },
                onError: (err) => notify('error', `Could not create the job: ${errorMessage(err)}`),
              });
            }
          }}
        />
      </QueryState>
    </>
  );
}
