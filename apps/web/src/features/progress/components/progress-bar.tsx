import type { JobProgress } from '@freezer/schema';
import { useEffect, useState } from 'react';
import { formatBytes } from '../../../lib/format';
import { describeProgress } from '../api/describe-progress';

/**
 * Older than this, a running job's bar says when it last moved: with many nodes reporting, the API
 * asks each for an update only every 10 s or so (docs/api.md, pacing), and a still bar is not a stuck job.
 */
const STALE_SHOWN_MS = 5000;

/** Milliseconds since `at`, ticking every second while `active`. */
function useAge(at: number | undefined, active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    setNow(Date.now());
    if (at === undefined || !active) return undefined;
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(tick);
  }, [at, active]);
  return at === undefined ? 0 : Math.max(0, now - at);
}

/**
 * A running job's progress: a bar (when the total is known) and bytes, rate and time left; "updated
 * N s ago" once the last update (`seenAt`, this page's clock) is a few seconds old.
 */
export function ProgressBar({
  progress,
  seenAt,
  compact = false,
}: {
  progress: JobProgress;
  seenAt?: number;
  compact?: boolean;
}) {
  const percent = progress.percent;
  const age = useAge(seenAt, progress.phase !== 'done');
  const stale = progress.phase !== 'done' && age >= STALE_SHOWN_MS;
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
      <span className="progress-text">
        {describeProgress(progress, formatBytes, compact)}
        {stale ? ` · updated ${Math.round(age / 1000)} s ago` : ''}
      </span>
    </div>
  );
}
