import { OpenStackError } from './errors.js';
import type { OpenStackSession } from './session.js';
import { pollUntil } from './wait.js';

/** A backup as Cinder's own backup API (volume v3 `/backups`) shows it. */
export interface CinderBackup {
  id: string;
  name: string | null;
  status: string;
  volume_id: string;
  /** Cinder's "YYYY-MM-DDThh:mm:ss[.ffffff]", UTC without a zone. */
  created_at: string;
  is_incremental: boolean;
  has_dependent_backups: boolean;
  size?: number;
  container?: string | null;
  fail_reason?: string | null;
}

const VOLUME = 'volumev3';
const path = (id: string) => `/backups/${encodeURIComponent(id)}`;

/** When Cinder made the backup, in ms since the epoch. */
export function backupCreatedMs(b: CinderBackup): number {
  return Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(b.created_at) ? b.created_at : `${b.created_at}Z`);
}

export async function getBackup(s: OpenStackSession, id: string): Promise<CinderBackup> {
  try {
    return (await s.json<{ backup: CinderBackup }>(VOLUME, 'GET', path(id))).backup;
  } catch (err) {
    if (err instanceof OpenStackError && err.status === 404)
      throw new OpenStackError(`no Cinder backup ${id}`, 404);
    throw err;
  }
}

/** Every backup of a volume this project can see (any status), newest first. */
export async function volumeBackups(s: OpenStackSession, volumeId: string): Promise<CinderBackup[]> {
  const query = new URLSearchParams({ volume_id: volumeId, sort: 'created_at:desc' });
  const { backups } = await s.json<{ backups: CinderBackup[] }>(VOLUME, 'GET', `/backups/detail?${query}`);
  // The filter is Cinder's; checked again so a cloud that ignores it cannot widen what we act on.
  return backups.filter((b) => b.volume_id === volumeId);
}

export interface BackupRequest {
  volumeId: string;
  name: string;
  description: string;
  /** Cinder picks the parent: the volume's newest backup, which must be available. */
  incremental: boolean;
  /** Lets Cinder back up an in-use volume (it copies a temporary snapshot or clone). */
  force: boolean;
}

/** `POST /backups`; returns the new backup's id (Cinder makes it in the background). */
export async function createBackup(s: OpenStackSession, r: BackupRequest): Promise<string> {
  const res = await s.json<{ backup: { id: string } }>(VOLUME, 'POST', '/backups', {
    backup: {
      volume_id: r.volumeId,
      name: r.name,
      description: r.description,
      incremental: r.incremental,
      force: r.force,
    },
  });
  return res.backup.id;
}

/**
 * `POST /backups/{id}/restore` into a new volume (Cinder names it `restore_backup_<id>` unless `name`
 * is given); returns its id (being restored in the background).
 */
export async function restoreBackupToNewVolume(
  s: OpenStackSession,
  id: string,
  name?: string,
): Promise<string> {
  const res = await s.json<{ restore: { volume_id: string } }>(VOLUME, 'POST', `${path(id)}/restore`, {
    restore: name === undefined ? {} : { name },
  });
  return res.restore.volume_id;
}

export async function deleteBackup(s: OpenStackSession, id: string): Promise<void> {
  await s.request(VOLUME, 'DELETE', path(id), { accept: [404] });
}

const withReason = (b: CinderBackup) => (b.fail_reason ? `: ${b.fail_reason}` : '');

/** Waits for `available` (fails on an error state, with Cinder's reason, or after `timeoutMs`). */
export function waitForBackup(s: OpenStackSession, id: string, timeoutMs: number): Promise<CinderBackup> {
  const state = (b: CinderBackup) =>
    b.status === 'available' ? 'done' : b.status.startsWith('error') ? 'failed' : 'waiting';
  return pollUntil(`Cinder backup ${id}`, () => getBackup(s, id), state, timeoutMs, withReason);
}

/** Waits until the backup is gone (fails on `error_deleting` or after `timeoutMs`). */
export async function waitForBackupGone(s: OpenStackSession, id: string, timeoutMs: number): Promise<void> {
  const gone = { status: 'deleted' } as CinderBackup;
  const get = () =>
    getBackup(s, id).catch((err: unknown) => {
      if (err instanceof OpenStackError && err.status === 404) return gone;
      throw err;
    });
  const state = (b: CinderBackup) =>
    b === gone ? 'done' : b.status.startsWith('error') ? 'failed' : 'waiting';
  await pollUntil(`deletion of Cinder backup ${id}`, get, state, timeoutMs, withReason);
}
