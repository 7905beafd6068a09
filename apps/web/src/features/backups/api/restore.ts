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

export function validateRestore(r: RestoreRequest): Partial<Record<keyof RestoreRequest, string>> {
  const e: Partial<Record<keyof RestoreRequest, string>> = {};
  if (!r.clientId.trim()) e.clientId = 'Choose the client that restores.';
  if (!r.restorePath.trim()) e.restorePath = 'Give the absolute path to restore into.';
  else if (!r.restorePath.trim().startsWith('/')) e.restorePath = 'The restore path must be absolute.';
  if (!r.atPoint && r.fromDate && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(r.fromDate))
    e.fromDate = 'Use the format YYYY-MM-DDTHH:MM:SS.';
  return e;
}

/** A one-shot restore job on the target client that reads the same storage the backup was written to. */
export function restoreJob(m: BackupMetadata, r: RestoreRequest): NewJob {
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
  if (r.atPoint && m.time_stamp !== undefined) fa.restore_from_date = pointDate(m.time_stamp);
  else if (r.fromDate)
    fa.restore_from_date = /T\d{2}:\d{2}$/.test(r.fromDate) ? `${r.fromDate}:00` : r.fromDate;
  return {
    client_id: r.clientId.trim(),
    description: `restore ${m.backup_name ?? ''} to ${r.restorePath.trim()}`,
    job_schedule: {},
    job_actions: [
      { freezer_action: fa as FreezerAction, max_retries: 1, max_retries_interval: 10, mandatory: true },
    ],
  };
}
