import type { BackupMetadata, FreezerAction, NewJob } from '@freezer/api-client';

export interface RestoreRequest {
  clientId: string;
  restorePath: string;
  /** Restore the state of the backup that was clicked; otherwise the newest at or before `fromDate`. */
  atPoint: boolean;
  fromDate: string;
}

/** The agent's `--restore-from-date` in UTC with its zone, so the node's own zone cannot shift it. */
export const pointDate = (timeStamp: number): string =>
  new Date(timeStamp * 1000).toISOString().replace('.000Z', 'Z');

/**
 * A cindernative record is a backup Cinder keeps (the agent ran Cinder's own backup API): it is
 * restored by Cinder into a new volume, so there is no storage to read and no path to restore into.
 */
export const restoresIntoVolume = (m: Pick<BackupMetadata, 'mode'>): boolean => m.mode === 'cindernative';

export function validateRestore(
  r: RestoreRequest,
  intoVolume = false,
): Partial<Record<keyof RestoreRequest, string>> {
  const e: Partial<Record<keyof RestoreRequest, string>> = {};
  if (!r.clientId.trim()) e.clientId = 'Choose the client that restores.';
  if (intoVolume) {
    // no path: Cinder makes a new volume
  } else if (!r.restorePath.trim()) e.restorePath = 'Give the absolute path to restore into.';
  else if (!r.restorePath.trim().startsWith('/')) e.restorePath = 'The restore path must be absolute.';
  if (!r.atPoint && r.fromDate && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(r.fromDate))
    e.fromDate = 'Use the format YYYY-MM-DDTHH:MM:SS.';
  return e;
}

/** A one-shot restore job on the target client that reads the same storage the backup was written to. */
export function restoreJob(m: BackupMetadata, r: RestoreRequest): NewJob {
  if (restoresIntoVolume(m)) return nativeRestoreJob(m, r);
  const fa: Record<string, unknown> = {
    action: 'restore',
    backup_name: m.backup_name,
    container: m.container,
    storage: m.storage ?? 'local',
    restore_abs_path: r.restorePath.trim(),
  };
  if (m.hostname) fa.hostname = m.hostname;
  if (m.mode) fa.mode = m.mode;
  if (m.engine_name) fa.engine_name = m.engine_name;
  for (const k of ['ssh_host', 'ssh_username', 'ssh_key', 'ssh_port', 'encrypt_pass_file', 'endpoint']) {
    const v = m[k];
    if (v !== undefined && v !== null && v !== '') fa[k] = v;
  }
  setFromDate(fa, m, r);
  return oneShot(r, `restore ${m.backup_name ?? ''} to ${r.restorePath.trim()}`, fa);
}

function setFromDate(fa: Record<string, unknown>, m: BackupMetadata, r: RestoreRequest): void {
  if (r.atPoint && m.time_stamp !== undefined) fa.restore_from_date = pointDate(m.time_stamp);
  else if (r.fromDate)
    fa.restore_from_date = /T\d{2}:\d{2}$/.test(r.fromDate) ? `${r.fromDate}:00` : r.fromDate;
}

/** Cinder restores the clicked backup (its id), or the volume's newest at or before the date. */
function nativeRestoreJob(m: BackupMetadata, r: RestoreRequest): NewJob {
  const fa: Record<string, unknown> = { action: 'restore', mode: 'cindernative' };
  const backupId = m.cinder_backup_id;
  if (r.atPoint && typeof backupId === 'string' && backupId) fa.cindernative_backup_id = backupId;
  else {
    fa.cindernative_vol_id = m.cindernative_vol_id;
    setFromDate(fa, m, { ...r, atPoint: false });
  }
  return oneShot(r, `restore ${m.backup_name ?? ''} into a new Cinder volume`, fa);
}

function oneShot(r: RestoreRequest, description: string, fa: Record<string, unknown>): NewJob {
  return {
    client_id: r.clientId.trim(),
    description,
    job_schedule: {},
    job_actions: [
      { freezer_action: fa as FreezerAction, max_retries: 1, max_retries_interval: 10, mandatory: true },
    ],
  };
}
