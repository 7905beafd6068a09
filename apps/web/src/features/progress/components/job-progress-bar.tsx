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
  const progress = useJobProgress(jobId, status);
  return progress ? <ProgressBar progress={progress} compact={compact} /> : null;
}
