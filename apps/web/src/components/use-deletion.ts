import { errorMessage } from '../lib/http';
import type { Deletion } from './resource-list';
import { useToast } from './toasts';

interface DeleteMutation {
  isPending: boolean;
  mutate: (ids: string[], callbacks: { onSuccess: () => void; onError: (err: unknown) => void }) => void;
}

/** A list's deletion backed by one mutation, reporting the outcome in a toast. */
export function useDeletion(
  del: DeleteMutation,
  text: { title: string; consequence: string; verb?: string },
): Deletion {
  const { notify } = useToast();
  return {
    ...text,
    busy: del.isPending,
    run: (ids, what, done) =>
      del.mutate(ids, {
        onSuccess: () => {
          notify('success', `Deleted ${what}`);
          done();
        },
        onError: (err) => notify('error', `Could not delete ${what}: ${errorMessage(err)}`),
      }),
  };
}
