import type { JobEventRequest as JobEvent } from '@freezer/schema';
import { errorMessage } from '../../../lib/http';
import { useToast } from '../../../components/toasts';
import { useDeleteJobs, useJobEvent, useRunNow } from '../api/queries';

/** Back up now/start/stop/abort/delete with a toast for the outcome, shared by the table and the detail page. */
export function useJobCommands() {
  const { notify } = useToast();
  const event = useJobEvent();
  const del = useDeleteJobs();
  const now = useRunNow();
  return {
    busy: event.isPending || del.isPending || now.isPending,
    runNow: (ids: string[], what: string, after?: () => void) =>
      now.mutate(ids, {
        onSuccess: (results) => {
          const again = results.filter((r) => r !== 'success').length;
          notify(
            'success',
            `Back up now: ${what} requested${again ? ` (${again} already waiting for their node)` : ''}`,
          );
          after?.();
        },
        onError: (err) => notify('error', `Could not back up ${what} now: ${errorMessage(err)}`),
      }),
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
