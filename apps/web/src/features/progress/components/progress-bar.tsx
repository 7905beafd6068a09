import type { JobProgress } from '@freezer/schema';
import { formatBytes } from '../../../lib/format';
import { describeProgress } from '../api/describe-progress';

/** A running job's progress: a bar (when the total is known) and bytes, rate and time left. */
export function ProgressBar({ progress, compact = false }: { progress: JobProgress; compact?: boolean }) {
  const percent = progress.percent;
  return (
    <div className={compact ? 'progress compact' : 'progress'} data-phase={progress.phase}>
      <div
        className="progress-track"
        role="progressbar"
        aria-label={`${progress.action ?? 'backup'} progress`}
        aria-valuemin={0}
        aria-valuemax={100}
        {...(percent !== undefined ? { 'aria-valuenow': percent } : {})}
      >
        <div className="progress-fill" style={{ width: `${percent ?? 0}%` }} />
      </div>
      <span className="progress-text">{describeProgress(progress, formatBytes, compact)}</span>
    </div>
  );
}
