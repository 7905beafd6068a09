import { useJobProgress } from '../api/live-progress';
import { ProgressBar } from './progress-bar';

/** The bar of one job, when it has progress to show (running, or just finished). */
export function JobProgressBar({
  jobId,
  status,
  compact = false,
}: {
  jobId: string;
  status: string | undefined;
  compact?: boolean;
}) {
  const seen = useJobProgress(jobId, status);
  return seen ? <ProgressBar progress={seen.progress} seenAt={seen.seenAt} compact={compact} /> : null;
}
