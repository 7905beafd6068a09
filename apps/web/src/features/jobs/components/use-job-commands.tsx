import type { JobEventRequest as JobEvent } from '@freezer/schema';
import { errorMessage } from '../../../lib/http';
import { useToast } from '../../../components/toasts';
import { useDeleteJobs, useJobEvent } from '../api/queries';

/** Start/stop/abort/delete with a toast for the outcome, shared by the table and the detail page. */
export function useJobCommands() {
  const { notify } = useToast();
  const event = useJobEvent();
  const del = useDeleteJobs();
  return {
    busy: event.isPending || del.isPending,
    sendEvent: (jobId: string, name: string, ev: JobEvent) =>
      event.mutate(
        { jobId, event: ev },
        {
          onSuccess: (r) => notify('success', `${ev} ${name}: ${r?.result ?? 'requested'}`),
          onError: (err) => notify('error', `Could not ${ev} ${name}: ${errorMessage(err)}`),
        },
      ),
    remove: (ids: string[], what: string, after?: () => void) =>
      del.mutate(ids, {
        onSuccess: () => {
          notify('success', `Deleted ${what}`);
          after?.();
        },
        onError: (err) => notify('error', `Could not delete ${what}: ${errorMessage(err)}`),
      }),
  };
}
