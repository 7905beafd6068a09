import type { BackupMetadata, FreezerAction, NewJob } from '@freezer/api-client';

export interface RestoreRequest {
  clientId: string;
  restorePath: string;
  fromDate: string;
}

export function validateRestore(r: RestoreRequest): Partial<Record<keyof RestoreRequest, string>> {
  const e: Partial<Record<keyof RestoreRequest, string>> = {};
  if (!r.clientId.trim()) e.clientId = 'Choose the client that restores.';
  if (!r.restorePath.trim()) e.restorePath = 'Give the absolute path to restore into.';
  else if (!r.restorePath.trim().startsWith('/')) e.restorePath = 'The restore path must be absolute.';
  if (r.fromDate && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(r.fromDate))
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
  for (const k of ['ssh_host', 'ssh_username', 'ssh_key', 'ssh_port', 'encrypt_pass_file', 'endpoint']) {
    const v = m[k];
    if (v !== undefined && v !== null && v !== '') fa[k] = v;
  }
  if (r.fromDate) fa.restore_from_date = /T\d{2}:\d{2}$/.test(r.fromDate) ? `${r.fromDate}:00` : r.fromDate;
  return {
    client_id: r.clientId.trim(),
    description: `restore ${m.backup_name ?? ''} to ${r.restorePath.trim()}`,
    job_schedule: {},
    job_actions: [
      { freezer_action: fa as FreezerAction, max_retries: 1, max_retries_interval: 10, mandatory: true },
    ],
  };
}
