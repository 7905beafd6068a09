import { type CinderBackup, backupCreatedMs } from '@freezer/openstack';

/** How a cindernative admin run chooses what goes: by age, by date, or the stock count of fulls. */
export type NativeRetention =
  { olderThanDays: number } | { fromDateS: number } | { fullbackupRotation: number };

/** Statuses of a backup that may be deleted (an error backup holds nothing, and may still block incrementals). */
const DELETABLE = new Set(['available', 'error']);

/**
 * The backups a retention run deletes, newest first (an incremental goes before the backup it is
 * based on, which Cinder refuses to delete while it has dependents): every deletable backup made before
 * the cutoff. With --fullbackup-rotation N the cutoff is the N-th newest available full backup, so the
 * newest N fulls stay with every incremental made on them, as the stock agent keeps them.
 */
export function retentionCandidates(
  backups: readonly CinderBackup[],
  policy: NativeRetention,
  nowMs: number,
): CinderBackup[] {
  const newestFirst = [...backups].sort((a, b) => backupCreatedMs(b) - backupCreatedMs(a));
  let cutoffMs: number;
  if ('olderThanDays' in policy) cutoffMs = nowMs - policy.olderThanDays * 86_400_000;
  else if ('fromDateS' in policy) cutoffMs = policy.fromDateS * 1000;
  else {
    const fulls = newestFirst.filter((b) => b.status === 'available' && !b.is_incremental);
    const oldestKept = fulls[policy.fullbackupRotation - 1];
    if (!oldestKept || fulls.length <= policy.fullbackupRotation) return [];
    cutoffMs = backupCreatedMs(oldestKept);
  }
  return newestFirst.filter((b) => DELETABLE.has(b.status) && backupCreatedMs(b) < cutoffMs);
}
